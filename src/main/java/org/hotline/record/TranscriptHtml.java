package org.hotline.record;

import java.io.IOException;
import java.io.Writer;
import org.hotline.link.entry.MessageEntry;

/**
 * Renders a checked transcript as one readable HTML page: each entry with its sender, time,
 * precedence, status flag and text, and what the record proves about it. Every value from the file
 * is escaped: a message is text, never markup.
 */
public final class TranscriptHtml {
  private TranscriptHtml() {}

  public static void write(TranscriptVerifier.Result result, Writer out) throws IOException {
    out.write(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hotline transcript</title><style>"
            + "body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}"
            + ".entry{border:1px solid #ccc;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}"
            + ".meta{color:#444;font-size:13px}.flag{font-weight:700;padding:0 .3rem;border-radius:3px}"
            + ".EXERCISE,.TEST{background:#fde68a}.FLASH{background:#b91c1c;color:#fff}.IMMEDIATE{background:#f97316;color:#fff}"
            + ".ok{color:#166534}.bad{color:#b91c1c;font-weight:700}pre{white-space:pre-wrap;font:inherit;margin:.4rem 0 0}"
            + "</style></head><body>\n");
    out.write("<h1>Hotline transcript</h1>\n");
    if (result.header() != null) {
      out.write(
          "<p>Exported by <b>"
              + escape(result.header().exportedBy())
              + "</b> at "
              + escape(String.valueOf(result.header().exportedAt()))
              + ".</p>\n");
    }
    out.write("<ul>");
    for (var card : result.cards()) {
      out.write(
          "<li><b>"
              + escape(card.party().value())
              + "</b> "
              + escape(card.name())
              + " — fingerprint <code>"
              + escape(card.fingerprint())
              + "</code></li>");
    }
    out.write("</ul>\n");
    out.write(
        result.ok()
            ? "<p class=\"ok\">Verified: "
                + result.entryCount()
                + " entries; every signature, tree and receipt checks out.</p>\n"
            : "<p class=\"bad\">NOT VERIFIED: "
                + result.findings().size()
                + " problems.</p>\n<ul>");
    for (WitnessCheck.Witnessed witnessed : result.witnessed()) {
      out.write(
          "<p class=\"ok\">Witnessed: "
              + escape(witnessed.log())
              + " up to entry "
              + witnessed.size()
              + ", cosigned by the witness "
              + escape(witnessed.witness())
              + ".</p>\n");
    }
    for (Finding finding : result.findings()) {
      out.write("<li class=\"bad\">" + escape(finding.toString()) + "</li>");
    }
    if (!result.ok()) {
      out.write("</ul>\n");
    }
    for (TranscriptVerifier.CheckedEntry checked : result.entries()) {
      out.write("<div class=\"entry\">");
      switch (checked.entry()) {
        case MessageEntry message -> {
          var draft = message.draft();
          out.write(
              "<div class=\"meta\">"
                  + escape(checked.log())
                  + " #"
                  + checked.seq()
                  + " · "
                  + escape(message.created().toString())
                  + " · "
                  + escape(message.from().value())
                  + " → "
                  + escape(message.to().value())
                  + " · <span class=\"flag "
                  + draft.precedence().name()
                  + "\">"
                  + draft.precedence().name()
                  + "</span> <span class=\"flag "
                  + draft.status().name()
                  + "\">"
                  + draft.status().name()
                  + "</span> · "
                  + escape(draft.language())
                  + "</div>");
          out.write(
              "<div><b>"
                  + escape(draft.subject())
                  + "</b></div><pre>"
                  + escape(draft.body())
                  + "</pre>");
        }
        case org.hotline.link.entry.ResponseEntry response -> {
          out.write(meta(checked, response.created(), response.from().value()));
          out.write(
              "<div><b>"
                  + escape(response.kind().name())
                  + "</b> of message "
                  + escape(response.message().toString())
                  + " by "
                  + escape(response.by())
                  + (response.note().isEmpty() ? "" : ": " + escape(response.note()))
                  + "</div>");
        }
        case org.hotline.link.entry.DeadlineMissedEntry missed -> {
          out.write(meta(checked, missed.created(), missed.log().writer().value()));
          out.write(
              "<div><b>DEADLINE MISSED</b>: no answer to "
                  + missed.precedence().name()
                  + " message "
                  + escape(missed.message().toString())
                  + " by its deadline "
                  + escape(missed.deadline().toString())
                  + "</div>");
        }
        case org.hotline.link.entry.RecoveryEntry recovery -> {
          out.write(meta(checked, recovery.created(), recovery.log().writer().value()));
          out.write("<div>" + escape(recovery.describe()) + "</div>");
        }
        case org.hotline.link.entry.ChangeEntry change -> {
          out.write(meta(checked, change.created(), change.log().writer().value()));
          out.write("<div>" + escape(change.describe()) + "</div>");
        }
        case org.hotline.link.entry.LinkTestEntry test -> {
          out.write(
              "<div class=\"meta\">"
                  + escape(checked.log())
                  + " #"
                  + checked.seq()
                  + " · "
                  + escape(test.created().toString())
                  + " · link test "
                  + test.number()
                  + " from "
                  + escape(test.log().writer().value())
                  + "</div>");
        }
        case null -> {
          out.write(
              "<div class=\"meta\">"
                  + escape(checked.log())
                  + " #"
                  + checked.seq()
                  + "</div><p class=\"bad\">entry cannot be read</p>");
        }
      }
      out.write("<div class=\"meta\">" + proof(checked) + "</div></div>\n");
    }
    out.write("</body></html>\n");
  }

  /** The line above an entry: its log and place, when it was made, and by whom. */
  private static String meta(
      TranscriptVerifier.CheckedEntry checked, java.time.Instant created, String writer) {
    return "<div class=\"meta\">"
        + escape(checked.log())
        + " #"
        + checked.seq()
        + " · "
        + escape(created.toString())
        + " · "
        + escape(writer)
        + "</div>";
  }

  private static String proof(TranscriptVerifier.CheckedEntry checked) {
    if (checked.problem() != null) {
      return "<span class=\"bad\">NOT PROVED: " + escape(checked.problem()) + "</span>";
    }
    if (checked.signed() && checked.receipted()) {
      return "<span class=\"ok\">✔ signed by the sender, receipted by the receiver</span>";
    }
    if (checked.signed()) {
      return "<span class=\"ok\">✔ signed by the sender</span>; no receipt covers it";
    }
    return "<span class=\"bad\">NOT PROVED: no valid signed checkpoint covers it</span>";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
