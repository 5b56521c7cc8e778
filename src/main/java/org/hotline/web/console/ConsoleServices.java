package org.hotline.web.console;

import java.time.Clock;
import org.hotline.console.Accounts;
import org.hotline.console.Audit;
import org.hotline.console.PersonalAlerts;
import org.hotline.console.Releases;
import org.hotline.console.SecurityAlarms;
import org.hotline.console.Sessions;
import org.hotline.link.Links;
import org.hotline.link.PeerDirectory;
import org.hotline.watch.Watch;

/**
 * What the web console works with, wired by {@code app}.
 *
 * @param watch the deadline watch, for the reminders and escalations in a message's timeline
 * @param personalAlerts reminders and escalations addressed to console users and roles
 * @param partyName this node's display name, for the page header
 * @param secureCookies whether the console is served over TLS, so cookies carry {@code Secure}
 * @param language the node's default console language ({@code console.language}); null to follow
 *     each browser's languages
 * @param crisis the shared incidents, commitments and concerns of the links, for the crisis pages
 * @param internalNotes the notes kept on those objects on this node alone
 */
public record ConsoleServices(
    Links links,
    Watch watch,
    PeerDirectory peers,
    Accounts accounts,
    Sessions sessions,
    Audit audit,
    Releases releases,
    SecurityAlarms alarms,
    PersonalAlerts personalAlerts,
    Clock clock,
    String partyName,
    boolean secureCookies,
    String language,
    org.hotline.crisis.Crisis crisis,
    org.hotline.crisis.InternalNotes internalNotes) {}
