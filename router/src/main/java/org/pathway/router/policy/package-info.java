/** Pure-Java policies: facilitator notice of onward referrals, GP feedback, overdue escalation. */
package org.pathway.router.policy;
