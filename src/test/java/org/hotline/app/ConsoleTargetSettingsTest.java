package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.console.Role;
import org.hotline.watch.EscalationChain;
import org.hotline.watch.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain's console targets in hotline.json: {@code {"user": NAME}} and {@code {"role": ROLE}}.
 */
class ConsoleTargetSettingsTest {
  private static EscalationChain chain(String targets) throws Exception {
    return WatchSettings.chain(
        Json.mapper()
            .readValue(
                WatchSettingsTest.with(
                    "\"escalation\":{\"reminder\":[{\"user\":\"officer\"}],\"levels\":[{\"targets\":["
                        + targets
                        + "]}]}"),
                NodeConfig.class));
  }

  @Test
  void users_and_roles_become_console_targets_keyed_like_the_others() throws Exception {
    EscalationChain chain =
        chain(
            "{\"role\":\"duty-officer\"},{\"role\":\"RELEASING_OFFICER\"},{\"user\":\"li.wei\"},"
                + "{\"command\":[\"/bin/true\"]}");
    assertThat(chain.reminder()).containsExactly(new Target.User("officer"));
    assertThat(chain.levels().get(0).targets())
        .containsExactly(
            new Target.Role(Role.DUTY_OFFICER),
            new Target.Role(Role.RELEASING_OFFICER),
            new Target.User("li.wei"),
            new Target.Command(java.util.List.of("/bin/true")));
    assertThat(chain.levels().get(0).targets().stream().map(Target::key))
        .containsExactly(
            "role duty-officer", "role releasing-officer", "user li.wei", "command /bin/true");
    assertThat(chain.target("role duty-officer")).contains(new Target.Role(Role.DUTY_OFFICER));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "an unknown role names the four",
            "{\"role\":\"duty officer\"}",
            "escalation.levels[0].targets[0]: unknown role 'duty officer': use viewer,"
                + " duty-officer, releasing-officer or administrator"),
        Arguments.of(
            "an upper-case user name",
            "{\"user\":\"Officer\"}",
            "escalation.levels[0].targets[0]: not a username: 'Officer': a username is 2 to 32"
                + " characters"),
        Arguments.of(
            "a user name with a space",
            "{\"user\":\"duty officer\"}",
            "escalation.levels[0].targets[0]: not a username: 'duty officer'"),
        Arguments.of(
            "a one-letter user name",
            "{\"user\":\"a\"}",
            "escalation.levels[0].targets[0]: not a username: 'a'"),
        Arguments.of(
            "a user and a role in one target",
            "{\"user\":\"officer\",\"role\":\"viewer\"}",
            "a target is exactly one of \"webhook\" (with \"secret\"), \"email\", \"command\", \"user\" or \"role\""),
        Arguments.of(
            "a secret on a role",
            "{\"role\":\"viewer\",\"secret\":\"0123456789abcdef\"}",
            "only a webhook target has a secret"),
        Arguments.of(
            "the same role twice is one target, not a duplicate with other settings",
            "{\"role\":\"viewer\"},{\"role\":\"administrator\"},{\"role\":\"nobody\"}",
            "escalation.levels[0].targets[2]: unknown role 'nobody'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void a_bad_console_target_stops_the_node_naming_it(String what, String targets, String error) {
    assertThatThrownBy(() -> chain(targets))
        .as(what)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(error.replaceFirst("^escalation[^ ]*: ", ""))
        .satisfies(
            refusal ->
                assertThat(((InvalidInputException) refusal).field())
                    .as("the setting is named")
                    .startsWith("escalation.levels[0].targets["));
  }

  @Test
  void a_user_that_does_not_exist_is_not_refused_here_since_users_change_while_the_node_runs()
      throws Exception {
    assertThat(chain("{\"user\":\"nobody.yet\"}").levels().get(0).targets())
        .containsExactly(new Target.User("nobody.yet"));
  }
}
