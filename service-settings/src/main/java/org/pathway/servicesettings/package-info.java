/** Start-up checks of each service's typed settings, naming the setting and its variable. */
package org.pathway.servicesettings;
