package org.hotline.console;

import org.hotline.link.SecurityEvent;

/**
 * A security event that no administrator has acknowledged yet, with its number for acknowledging.
 */
public record SecurityAlarm(long id, SecurityEvent event) {}
