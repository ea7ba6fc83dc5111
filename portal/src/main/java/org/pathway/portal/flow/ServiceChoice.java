package org.pathway.portal.flow;

/**
 * A group a link worker may refer on to, with its capacity as the directory says it.
 *
 * @param id the HealthcareService id
 * @param name the group's name
 * @param capacityKey the bundle key describing its capacity
 * @param places places left, or -1 when not known
 */
public record ServiceChoice(String id, String name, String capacityKey, int places) {}
