package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An object's timeline as the crisis pages show it: a refused change is marked and shows the reason
 * the rules gave, a crossed one is marked with the changes it crossed, and the text of a change
 * (its author's user name, its arguments, a reason a peer wrote) is escaped and isolated like every
 * other text from outside. A node never signs a change its peer would refuse, so a refused change
 * comes only from a peer that does: rendered here from the view the page passes to the template. So
 * are our own changes accepted but not yet placed in our log, which a node places within moments:
 * listed apart, marked as not yet in the record.
 */
class CrisisTimelineTest {
  private static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");

  private static String render(List<CrisisViews.TimelineRow> rows) {
    return render("crisis_timeline.jte", rows);
  }

  private static String render(String template, List<?> rows) {
    gg.jte.output.StringOutput output = new gg.jte.output.StringOutput();
    gg.jte.TemplateEngine.createPrecompiled(gg.jte.ContentType.Html)
        .render(template, Map.<String, Object>of("t", Text.english(), "rows", rows), output);
    return output.toString();
  }

  @Test
  void our_queued_changes_are_listed_apart_as_not_yet_in_the_record() {
    String html =
        render(
            "tags/pending.jte",
            List.of(
                new CrisisViews.PendingRow(
                    "01a6", "cn", "incident/01a7", "severity", "officer", AT)));
    assertThat(html)
        .contains("Our queued changes")
        .contains("<code>incident/01a7</code>")
        .contains("not yet in the record")
        .contains("<bdi>severity</bdi>");
    assertThat(render("tags/pending.jte", List.of())).isBlank();
  }

  @Test
  void a_refused_change_is_marked_and_shows_the_rules_reason() {
    String html =
        render(
            List.of(
                new CrisisViews.TimelineRow(
                    "01a2",
                    AT,
                    "cn",
                    "wang",
                    "agree",
                    "",
                    "REFUSED",
                    "a commitment is agreed by the party that did not propose it",
                    "")));
    assertThat(html)
        .contains("data-outcome=\"REFUSED\"")
        .contains("<span class=\"outcome outcome-REFUSED\">REFUSED</span>")
        .contains(
            "Refused: <bdi>a commitment is agreed by the party that did not propose it</bdi>");
  }

  @Test
  void a_crossed_change_is_marked_with_the_changes_it_crossed() {
    String html =
        render(
            List.of(
                new CrisisViews.TimelineRow(
                    "01a3", AT, "us", "li", "state", "state=RESOLVED", "CROSSED", "", "01a4")));
    assertThat(html).contains(">CROSSED</span>").contains("(01a4)");
  }

  @Test
  void the_text_of_a_change_is_escaped_and_isolated() {
    String html =
        render(
            List.of(
                new CrisisViews.TimelineRow(
                    "01a5",
                    AT,
                    "cn",
                    "<b>x</b>",
                    "note",
                    "text=\u202eevil",
                    "REFUSED",
                    "<script>alert(1)</script>",
                    "")));
    assertThat(html)
        .doesNotContain("<b>x</b>")
        .doesNotContain("<script>")
        .contains("<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>")
        .contains("<span class=\"ctl\" title=\"U+202E RIGHT-TO-LEFT OVERRIDE\">");
  }
}
