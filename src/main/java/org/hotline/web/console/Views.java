package org.hotline.web.console;

import java.time.Instant;
import java.util.List;

/**
 * What the templates show, as plain immutable records: the handlers decide, the templates only lay
 * out. Public because the compiled templates live in another package.
 */
public final class Views {
  private Views() {}

  /** The frame of every page: navigation, who is signed in, banners, a one-time notice. */
  public record Frame(
      Text t,
      String title,
      String active,
      String csrf,
      String party,
      String username,
      String role,
      boolean canSend,
      boolean canRelease,
      boolean canAdminister,
      boolean twoPersonRelease,
      String notice,
      Banners banners,
      String path,
      String chosenLanguage) {}

  /**
   * The banners on every page: unanswered FLASH and IMMEDIATE messages (the alarm), security alarms
   * until an administrator acknowledges them, and drafts waiting for release.
   *
   * @param alarmLevel FLASH or IMMEDIATE while an alarm is on, else empty
   */
  public record Banners(
      Text t,
      String csrf,
      String alarmLevel,
      List<AlarmItem> alarms,
      List<SecurityItem> security,
      long securityThroughId,
      boolean canAcknowledge,
      int pendingReleases,
      boolean canRelease,
      List<PersonalItem> personal,
      List<BlockedItem> blocked) {
    public boolean alarmOn() {
      return !alarmLevel.isEmpty();
    }

    /** How many security alarms are at FLASH level: they make the page an alarm even alone. */
    public long flashSecurity() {
      return security.stream().filter(SecurityItem::flash).count();
    }

    /** ESCALATION if any personal alert standing for the viewer is one, else REMINDER. */
    public String personalLevel() {
      return personal.stream().anyMatch(item -> item.level() != null) ? "ESCALATION" : "REMINDER";
    }
  }

  /**
   * A reminder or escalation addressed to the viewer, by name or through their role, until they
   * acknowledge it or the message is answered.
   *
   * @param addressee whom it is for, as shown: {@code to user NAME} or {@code to role ROLE}
   * @param side {@code receiving} (we owe the answer) or {@code sending} (the peer does)
   * @param level 1-based chain level of an escalation; null for a reminder
   */
  public record PersonalItem(
      long id,
      String addressee,
      String message,
      String precedence,
      String status,
      String side,
      String peer,
      Integer level,
      Integer loop,
      Instant deadline,
      Instant raisedAt) {
    public boolean receiving() {
      return "receiving".equals(side);
    }
  }

  public record AlarmItem(
      String id,
      String precedence,
      String status,
      String from,
      String subject,
      Instant receivedAt) {}

  /**
   * A security alarm as a banner or the links page lists it.
   *
   * @param flash whether the alarm is raised at FLASH level: an entry of the record could not be
   *     interpreted, so a message may not have been read (docs/console.md)
   */
  public record SecurityItem(
      long id, Instant at, String peer, String kind, String detail, boolean flash) {}

  /**
   * One row of the inbox or outbox.
   *
   * @param party the sender (inbox) or recipient (outbox)
   * @param at received (inbox) or accepted (outbox)
   * @param deadline when an answer is due; null if none applies
   * @param answer ACKNOWLEDGED, DECLINED or empty
   */
  public record MessageRow(
      String id,
      String precedence,
      String status,
      String party,
      String subject,
      Instant at,
      Instant deadline,
      boolean overdue,
      String state,
      String answer,
      boolean read,
      String channel) {
    public boolean answered() {
      return !answer.isEmpty();
    }
  }

  public record InboxPage(
      Frame frame, Text t, Instant now, List<MessageRow> unanswered, List<MessageRow> answered) {}

  public record OutboxPage(
      Frame frame, Text t, Instant now, List<ReleaseRow> held, List<MessageRow> sent) {}

  /** A step of a message's timeline: what happened, when, who, and details. */
  public record Step(String key, Instant at, String who, String detail, boolean warning) {}

  public record ProofView(String state, String detail) {}

  public record MessageView(
      String id,
      String direction,
      String from,
      String to,
      String precedence,
      String status,
      String subject,
      String body,
      String language,
      String inReplyTo,
      String state,
      String answer,
      Long seq,
      Instant deadline,
      boolean overdue,
      String channel) {}

  public record MessagePage(
      Frame frame,
      Instant now,
      MessageView message,
      List<Step> timeline,
      ProofView proof,
      boolean canAnswer,
      boolean canReply,
      String releasedBy,
      String draftedBy,
      boolean releaseBypassed,
      String arrival,
      TranslationsView translations,
      NoticeViews.Card card) {}

  /**
   * How the message's reader read it (docs/console.md, the message page): each translation, as read
   * by its party, with its disputes; {@code translate} offers the reader's form, {@code dispute}
   * the author's. {@code fields} are a formatted notification's free-text fields, by JSON Pointer
   * with their labels in the viewer's language: the form offers them instead of the message's text.
   */
  public record TranslationsView(
      String reader,
      boolean translate,
      boolean dispute,
      List<Option> languages,
      List<Option> fields,
      List<TranslationRow> rows) {}

  /** The translations section alone, refreshed live as crisis changes arrive. */
  public record TranslationsFragment(Text t, String message, String csrf, TranslationsView view) {}

  /**
   * One translation: {@code field} is empty for the message's body; {@code fieldLabel} is the
   * field's label in the viewer's language, or empty when the field is none of the notification's
   * free-text fields (a peer's change the rules keep, docs/protocol.md §20.10).
   */
  public record TranslationRow(
      String id,
      String language,
      String text,
      String field,
      String fieldLabel,
      String by,
      String party,
      Instant at,
      List<DisputeRow> disputes) {}

  public record DisputeRow(String note, String by, String party, Instant at) {}

  /** The fragment that refreshes live on a message page. */
  public record TimelineFragment(
      Text t, Instant now, MessageView message, List<Step> timeline, ProofView proof) {}

  public record Option(String value, String label, boolean selected) {}

  /** The compose form, filled in again after an error. */
  public record ComposeForm(
      String to,
      String precedence,
      String status,
      String language,
      String subject,
      String body,
      String inReplyTo,
      String channel,
      String error,
      String errorField) {}

  public record ComposePage(
      Frame frame,
      ComposeForm form,
      List<Option> peers,
      List<Option> precedences,
      List<Option> statuses,
      List<Option> channels,
      boolean confirmFlash,
      boolean heldForRelease) {}

  public record ReleaseRow(
      long id,
      String to,
      String precedence,
      String status,
      String subject,
      String body,
      String draftedBy,
      Instant draftedAt,
      boolean canDecide) {}

  public record ReleasesPage(Frame frame, List<ReleaseRow> pending) {}

  /**
   * A BLOCKED link in the banner: whose batches are refused ({@code OUTGOING}: ours, by the peer;
   * {@code INCOMING}: the peer's, by us), the problem and its detail, and since when.
   */
  public record BlockedItem(
      String peer, String direction, String problem, String detail, Instant since) {
    public boolean outgoing() {
      return direction.equals("OUTGOING");
    }
  }

  /** One peer on the links page. */
  public record LinkView(
      String peer,
      String name,
      String state,
      String endpoint,
      Long rttMillis,
      Long clockOffsetMillis,
      Instant lastHeartbeat,
      long queued,
      long inFlight,
      long sent,
      long deliveredUpTo,
      Instant lastReceiptAt,
      long received,
      String lastError,
      RttChart.Chart chart,
      BlockedItem blocked) {}

  public record LinksFragment(Text t, List<LinkView> links, List<SecurityItem> events) {}

  public record LinksPage(Frame frame, LinksFragment fragment) {}

  public record UserRow(
      String username,
      String role,
      boolean disabled,
      Instant lockedUntil,
      Instant lastSignInAt,
      boolean locked,
      Instant secondFactorSince,
      boolean secondFactorRequired) {}

  public record PeerRow(
      String party, String name, String fingerprint, String endpoints, String mode) {}

  public record AuditRow(
      long id,
      Instant at,
      String username,
      String action,
      String target,
      String detail,
      String address) {}

  /**
   * A person's own account: their second factor (enrolled when, recovery codes left, whether their
   * role requires one) and, once, new recovery codes.
   */
  public record AccountPage(
      Frame frame,
      String role,
      Instant secondFactorSince,
      int recoveryCodesLeft,
      boolean secondFactorRequired,
      List<String> newRecoveryCodes,
      String error) {}

  public record AdminPage(
      Frame frame,
      List<UserRow> users,
      List<Option> roles,
      List<PeerRow> peers,
      List<AuditRow> audit,
      Long olderThan,
      String error) {}

  public record SignInPage(
      Text t, String party, String token, String username, String error, String next) {}

  /**
   * The second step of a sign-in. In mode "code" it asks for a code; in mode "enrol" it shows the
   * secret to add to an authenticator (as a QR code's SVG path and as text) and asks for its first
   * code; in mode "codes" it shows the new recovery codes once.
   */
  public record SecondFactorPage(
      Text t,
      String party,
      String mode,
      String token,
      String username,
      String error,
      String next,
      String secret,
      String uri,
      String qrPath,
      int qrSize,
      List<String> recoveryCodes) {}

  public record ErrorPage(Frame frame, int status, String heading, String detail) {}

  /** The error page of someone not signed in (a refused sign-in form, a stale link). */
  public record BareErrorPage(Text t, int status, String heading, String detail) {}
}
