package org.hotline.web.console;

import java.time.Instant;
import java.util.List;

/**
 * What the crisis pages show (incidents, commitments, concerns), as plain immutable records: {@link
 * CrisisPages} decides, the templates only lay out. Public because the compiled templates live in
 * another package.
 */
public final class CrisisViews {
  private CrisisViews() {}

  /** A value each party holds for itself: a severity proposal, a lead, a scribe. */
  public record PartyValue(String party, String value) {}

  /**
   * What the signed-in person may offer: the forms shown follow the role, the rules check again.
   *
   * @param send a duty officer and above: the work of a crisis
   * @param release a releasing officer or an administrator: what binds the party
   */
  public record Allowed(boolean send, boolean release) {}

  /** One of our changes accepted but not yet placed in our log: not yet in the record. */
  public record PendingRow(
      String id, String peer, String object, String op, String by, Instant at) {}

  /**
   * One row of the incidents list.
   *
   * @param lastChange when the latest change of its timeline was made (its author's clock)
   */
  public record IncidentRow(
      String id,
      String peer,
      String title,
      String state,
      long severity,
      boolean severityDiffers,
      List<PartyValue> severities,
      List<PartyValue> leads,
      Instant lastChange,
      long overdueCommitments) {}

  public record IncidentsFragment(
      Text t, List<IncidentRow> rows, List<PendingRow> pending, int total, int shownMax) {}

  public record IncidentsPage(
      Views.Frame frame,
      IncidentsFragment list,
      String query,
      List<Views.Option> states,
      List<Views.Option> peers,
      List<Views.Option> peersToOpen,
      Allowed allowed) {}

  /** One change in an object's timeline as the page shows it. */
  public record TimelineRow(
      String id,
      Instant at,
      String party,
      String by,
      String op,
      String arguments,
      String outcome,
      String reason,
      String crossedWith) {
    public boolean refused() {
      return "REFUSED".equals(outcome);
    }

    public boolean crossed() {
      return "CROSSED".equals(outcome);
    }
  }

  /** A message linked to an incident: its subject when this node holds it. */
  public record LinkedMessage(String id, String subject) {}

  /**
   * One commitment, on the board or under its incident, with the actions this person may take on it
   * now.
   */
  public record CommitmentRow(
      String id,
      String peer,
      String proposedBy,
      String owedBy,
      String owedTo,
      String what,
      Instant due,
      String state,
      boolean doneClaimed,
      boolean overdue,
      String incident,
      boolean canAgree,
      boolean canWithdraw,
      boolean canClaimDone,
      boolean canConfirmDone,
      boolean canMiss,
      boolean canNote) {
    public boolean anyAction() {
      return canAgree || canWithdraw || canClaimDone || canConfirmDone || canMiss || canNote;
    }
  }

  /**
   * An incident's page.
   *
   * @param asOf the two log sizes the state reflects, as shown
   * @param closeProposedBy the party that proposed closing it, or empty
   */
  public record IncidentView(
      String id,
      String peer,
      String self,
      String createdBy,
      String title,
      String summary,
      String channel,
      String state,
      long severity,
      boolean severityDiffers,
      List<PartyValue> severities,
      List<PartyValue> leads,
      List<PartyValue> scribes,
      String closeProposedBy,
      List<LinkedMessage> messages,
      List<CommitmentRow> commitments,
      List<TimelineRow> timeline,
      List<PendingRow> pending,
      String stateHash,
      String asOf) {}

  /** The forms an incident's page offers this person now. */
  public record IncidentActions(
      boolean severity,
      List<Views.Option> states,
      boolean people,
      boolean linkMessage,
      boolean note,
      boolean proposeClose,
      boolean acceptClose) {
    public boolean any() {
      return severity
          || !states.isEmpty()
          || people
          || linkMessage
          || note
          || proposeClose
          || acceptClose;
    }
  }

  public record IncidentFragment(Text t, String csrf, IncidentView incident) {}

  public record IncidentPage(
      Views.Frame frame,
      IncidentView incident,
      IncidentActions actions,
      ReportForm report,
      InternalNotesSection internal) {}

  /**
   * The incident page's situation report section.
   *
   * @param next the number the next report of ours takes
   * @param versions the versions the person may issue (FINAL only with the release role)
   * @param issue whether the person may issue a report at all
   * @param issueButton the issue button's label, with the number
   */
  public record ReportForm(
      long next, List<Views.Option> versions, boolean issue, String issueButton) {}

  /**
   * The internal notes of an object: kept on this node, never sent to {@code peer}.
   *
   * @param action where the form posts a new one
   * @param write whether the viewer may write one (duty officer and above)
   */
  public record InternalNotesSection(
      Text t,
      String csrf,
      String action,
      String peer,
      List<InternalNoteRow> notes,
      boolean write) {}

  /**
   * One internal note as its section shows it.
   *
   * @param supersedes the id of the internal note this one corrects, or empty
   * @param superseded whether a later internal note corrects this one
   */
  public record InternalNoteRow(
      String id, String author, String text, Instant at, String supersedes, boolean superseded) {}

  public record CommitmentsFragment(
      Text t, String csrf, List<CommitmentRow> rows, List<PendingRow> pending) {}

  public record CommitmentsPage(
      Views.Frame frame,
      CommitmentsFragment board,
      List<Views.Option> peers,
      List<Views.Option> owedBy,
      Allowed allowed) {}

  /** An item of a concern's history: a change of its own, or a commitment proposed for it. */
  public record HistoryRow(
      Instant at,
      String party,
      String by,
      String op,
      String arguments,
      String link,
      String outcome) {}

  public record ConcernRow(
      String id,
      String peer,
      String title,
      String summary,
      String owner,
      String status,
      List<HistoryRow> history,
      List<Views.Option> statuses) {}

  public record ConcernsFragment(
      Text t, String csrf, List<ConcernRow> rows, List<PendingRow> pending, Allowed allowed) {}

  public record ConcernsPage(
      Views.Frame frame, ConcernsFragment register, List<Views.Option> peers, Allowed allowed) {}

  /**
   * One channel of a link: its agreed settings, whether each direction receives on it (the peer's
   * suspension stops what we may send, ours what the peer may send), its open proposal, and the
   * notification templates each party adopted there for its receiving side ({@code "sighting v1,
   * launch v2"}, empty when none).
   */
  public record ChannelRow(
      String peer,
      String name,
      boolean exists,
      String description,
      String precedences,
      String deadlines,
      boolean suspendable,
      String ourReason,
      String theirReason,
      String proposalId,
      String proposalBy,
      String proposalSummary,
      boolean proposalOurs,
      String ourTemplates,
      String theirTemplates) {
    /** Whether we suspended the channel (the peer may not send on it). */
    public boolean suspendedByUs() {
      return ourReason != null;
    }

    /** Whether the peer suspended the channel (we may not send on it). */
    public boolean suspendedByPeer() {
      return theirReason != null;
    }
  }

  /** What a person may do on the channels page: suspend or resume, accept a proposal. */
  public record ChannelsFragment(
      Text t, String csrf, List<ChannelRow> rows, boolean release, boolean administer) {}

  public record ChannelsPage(Views.Frame frame, ChannelsFragment channels) {}

  /** The confirm step of a change that binds the party: the same form again, confirmed. */
  public record ConfirmPage(
      Views.Frame frame,
      String action,
      String heading,
      String text,
      String back,
      List<Views.Option> fields) {}
}
