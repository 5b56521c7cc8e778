package org.hotline.record;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.text.CodePoints;

/**
 * Renders a {@link SituationReport} bundle as one readable HTML page, its labels in the language of
 * the {@link Words} given (the console's bundles, {@code sitrep.*}), and embeds the SHA-256 of the
 * bundle's bytes so that the page can be matched to the bundle it shows. The page is well-formed
 * XHTML (every element closed, no named entity but XML's), so {@link SitrepPdf} lays out the same
 * page. Every value from the bundle is outside text: marked as the console marks it (control and
 * bidi characters shown as marks), escaped, and isolated in {@code <bdi>} so right-to-left text
 * cannot reorder the page around it. Values are shown as recorded: protocol words (versions,
 * states, operations) are not translated, so the page reads the same as the bundle it proves.
 */
public final class SitrepHtml {
  /** The element that carries the bundle's hash, for {@link #embeddedSha256}. */
  private static final Pattern EMBEDDED =
      Pattern.compile("<meta name=\"hotline-sitrep-sha256\" content=\"([0-9a-f]{64})\"\\s*/?>");

  /** The page's labels in one language: the console's text bundles implement it. */
  public interface Words {
    /** The text of {@code key} ({@code sitrep.title}, …). */
    String get(String key);

    /** The BCP 47 tag of the language, for {@code <html lang>}. */
    String language();
  }

  private SitrepHtml() {}

  /** The bundle hash a page embeds, or null if it embeds none. */
  public static String embeddedSha256(String html) {
    Matcher matcher = EMBEDDED.matcher(html);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The page of {@code bundle}, whose bytes hash to {@code sha256}, as one string. */
  public static String page(Map<String, Object> bundle, String sha256, Words words) {
    java.io.StringWriter page = new java.io.StringWriter();
    try {
      write(bundle, sha256, words, page);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    return page.toString();
  }

  public static void write(Map<String, Object> bundle, String sha256, Words words, Writer out)
      throws IOException {
    Map<String, Object> report = map(bundle.get("report"));
    Map<String, Object> incident = map(bundle.get("incident"));
    out.write(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\""
            + TranscriptHtml.escape(words.language())
            + "\"><head><meta charset=\"utf-8\"/>"
            + "<meta name=\"hotline-sitrep-sha256\" content=\""
            + sha256
            + "\"/><title>"
            + label(words, "sitrep.title")
            + "</title><style>"
            + "@page{size:A4;margin:15mm}"
            + "body{font:15px/1.45 system-ui,sans-serif,'"
            + SitrepPdf.CJK_FAMILY
            + "';max-width:64rem;margin:2rem auto;padding:0 1rem;color:#111}"
            + "table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem}"
            + "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;word-wrap:break-word}"
            + "th{background:#f3f4f6}.ok{color:#166534}.bad{color:#b91c1c;font-weight:700}"
            + "code{font-size:13px;word-wrap:break-word}</style></head><body>\n");
    out.write(
        "<h1>"
            + label(words, "sitrep.title")
            + " "
            + text(report.get("number"))
            + " ("
            + text(report.get("version"))
            + "): "
            + text(incident.get("title"))
            + "</h1>\n");
    out.write("<table>");
    row(out, words, "sitrep.number", report.get("number"));
    row(out, words, "sitrep.version", report.get("version"));
    row(out, words, "sitrep.timeOfReport", report.get("time_of_report"));
    row(out, words, "sitrep.preparedAt", report.get("prepared_at"));
    row(out, words, "sitrep.preparedBy", report.get("prepared_by"));
    row(out, words, "sitrep.authorizedBy", report.get("authorized_by"));
    row(out, words, "sitrep.nextContact", report.get("next_contact"));
    row(out, words, "sitrep.parties", String.join(", ", strings(bundle.get("parties"))));
    row(out, words, "sitrep.asOf", bundle.get("as_of"));
    out.write(
        "<tr><th>"
            + label(words, "sitrep.sha256")
            + "</th><td><code>"
            + sha256
            + "</code></td></tr>");
    out.write("</table>\n<h2>" + label(words, "sitrep.incident") + "</h2>\n<table>");
    for (Map.Entry<String, Object> field : incident.entrySet()) {
      out.write(
          "<tr><th>"
              + TranscriptHtml.escape(field.getKey())
              + "</th><td>"
              + text(field.getValue())
              + "</td></tr>");
    }
    out.write("</table>\n<h2>" + label(words, "sitrep.timeline") + "</h2>\n");
    timeline(out, words, list(bundle.get("timeline")));
    out.write(
        "<h2>"
            + label(words, "sitrep.messages")
            + "</h2>\n<table><tr>"
            + headers(
                words,
                "sitrep.message",
                "sitrep.sent",
                "sitrep.subject",
                "sitrep.precedence",
                "sitrep.status",
                "sitrep.fromTo",
                "sitrep.answers",
                "sitrep.place")
            + "</tr>");
    for (Object item : list(bundle.get("messages"))) {
      Map<String, Object> message = map(item);
      if (Boolean.TRUE.equals(message.get("missing"))) {
        out.write(
            "<tr><td>"
                + text(message.get("id"))
                + "</td><td colspan=\"7\" class=\"bad\">"
                + label(words, "sitrep.notHeld")
                + "</td></tr>");
        continue;
      }
      StringBuilder answers = new StringBuilder();
      for (Object answerItem : list(message.get("answers"))) {
        Map<String, Object> answer = map(answerItem);
        answers
            .append(text(answer.get("kind")))
            .append(" · ")
            .append(text(answer.get("by")))
            .append(" · ")
            .append(text(answer.get("at")))
            .append(" (")
            .append(place(answer))
            .append(")<br/>");
      }
      out.write(
          "<tr><td>"
              + text(message.get("id"))
              + "</td><td>"
              + text(message.get("created"))
              + "</td><td>"
              + text(message.get("subject"))
              + "</td><td>"
              + text(message.get("precedence"))
              + "</td><td>"
              + text(message.get("status"))
              + "</td><td>"
              + text(message.get("from"))
              + " → "
              + text(message.get("to"))
              + "</td><td>"
              + (answers.isEmpty() ? label(words, "sitrep.none") : answers)
              + "</td><td>"
              + place(message)
              + "</td></tr>");
      translations(out, words, list(message.get("translations")));
    }
    out.write("</table>\n<h2>" + label(words, "sitrep.commitments") + "</h2>\n");
    for (Object item : list(bundle.get("commitments"))) {
      Map<String, Object> commitment = map(item);
      out.write(
          "<h3>"
              + text(commitment.get("what"))
              + (Boolean.TRUE.equals(commitment.get("overdue"))
                  ? " <span class=\"bad\">OVERDUE</span>"
                  : "")
              + "</h3>\n<table>");
      row(out, words, "sitrep.state", commitment.get("state"));
      row(out, words, "sitrep.owedBy", commitment.get("owed_by"));
      row(out, words, "sitrep.owedTo", commitment.get("owed_to"));
      row(out, words, "sitrep.due", commitment.get("due"));
      row(out, words, "sitrep.id", commitment.get("id"));
      out.write("</table>\n");
      timeline(out, words, list(commitment.get("timeline")));
    }
    out.write("<p>" + label(words, "sitrep.proofLegend") + "</p>\n</body></html>\n");
  }

  private static void timeline(Writer out, Words words, List<?> items) throws IOException {
    out.write(
        "<table><tr>"
            + headers(
                words,
                "sitrep.time",
                "sitrep.party",
                "sitrep.user",
                "sitrep.operation",
                "sitrep.arguments",
                "sitrep.outcome",
                "sitrep.place")
            + "</tr>");
    for (Object entry : items) {
      Map<String, Object> item = map(entry);
      out.write(
          "<tr><td>"
              + text(item.get("at"))
              + "</td><td>"
              + text(item.get("party"))
              + "</td><td>"
              + text(item.get("by"))
              + "</td><td>"
              + text(item.get("op"))
              + "</td><td>"
              + text(item.get("data"))
              + "</td><td>"
              + text(item.get("outcome"))
              + (item.get("reason") == null ? "" : ": " + text(item.get("reason")))
              + "</td><td>"
              + place(item)
              + "</td></tr>");
    }
    out.write("</table>\n");
  }

  /**
   * A message's translations, under its row: each as read by its party, with its disputes; the
   * original stays the authoritative text.
   */
  private static void translations(Writer out, Words words, List<?> translations)
      throws IOException {
    if (translations.isEmpty()) {
      return;
    }
    StringBuilder cell =
        new StringBuilder("<p><em>")
            .append(label(words, "sitrep.translations"))
            .append(": ")
            .append(label(words, "sitrep.originalAuthoritative"))
            .append("</em></p>");
    for (Object item : translations) {
      Map<String, Object> translation = map(item);
      cell.append("<p>")
          .append(label(words, "sitrep.asReadBy"))
          .append(' ')
          .append(text(translation.get("party")))
          .append(" (")
          .append(text(translation.get("language")))
          .append(translation.get("field") == null ? "" : " " + text(translation.get("field")))
          .append(") · ")
          .append(text(translation.get("by")))
          .append(" · ")
          .append(text(translation.get("at")))
          .append(" (")
          .append(place(translation))
          .append(")<br/>")
          .append(text(translation.get("text")))
          .append("</p>");
      for (Object disputeItem : list(translation.get("disputes"))) {
        Map<String, Object> dispute = map(disputeItem);
        cell.append("<p class=\"bad\">")
            .append(label(words, "sitrep.disputedBy"))
            .append(' ')
            .append(text(dispute.get("party")))
            .append(" · ")
            .append(text(dispute.get("by")))
            .append(" · ")
            .append(text(dispute.get("at")))
            .append(" (")
            .append(place(dispute))
            .append("): ")
            .append(text(dispute.get("note")))
            .append("</p>");
      }
    }
    out.write("<tr><td></td><td colspan=\"7\">" + cell + "</td></tr>");
  }

  /** Where an entry stands and what proves it. */
  private static String place(Map<String, Object> item) {
    Map<String, Object> proof = map(item.get("proof"));
    String status = String.valueOf(proof.get("status"));
    return text(item.get("log"))
        + " #"
        + text(item.get("seq"))
        + " · <span class=\""
        + (SituationReport.ProofStatus.NOT_YET.name().equals(status) ? "bad" : "ok")
        + "\">"
        + text(status)
        + "</span>";
  }

  private static void row(Writer out, Words words, String key, Object value) throws IOException {
    out.write("<tr><th>" + label(words, key) + "</th><td>" + text(value) + "</td></tr>");
  }

  private static String headers(Words words, String... keys) {
    StringBuilder cells = new StringBuilder();
    for (String key : keys) {
      cells.append("<th>").append(label(words, key)).append("</th>");
    }
    return cells.toString();
  }

  /** A label of the page, escaped: the bundles are ours, but a page is XHTML only if escaped. */
  private static String label(Words words, String key) {
    return TranscriptHtml.escape(words.get(key));
  }

  /** A value from the bundle, as text: marked, escaped and isolated; "—" when absent. */
  private static String text(Object value) {
    if (value == null) {
      return "—";
    }
    return "<bdi>" + TranscriptHtml.escape(CodePoints.marked(String.valueOf(value))) + "</bdi>";
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked") // the bundle's objects are maps with string keys
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> items ? items : List.of();
  }
}
