package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where notifications go, and what each kind of target accepts, at the edges of each limit. */
class TargetTest {
  static final String SECRET = "s".repeat(Target.Webhook.SECRET_LENGTH_MIN);

  static Stream<Arguments> webhooks() {
    return Stream.of(
        Arguments.of("an https URL with a host", "https://pager.example/hook", true),
        Arguments.of("an http URL with a host", "http://10.0.0.7:8080/hook", true),
        Arguments.of("another scheme", "ftp://pager.example/hook", false),
        Arguments.of("no scheme", "pager.example/hook", false),
        Arguments.of("no host", "https:///hook", false),
        Arguments.of("an opaque http URI", "http:pager.example", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webhooks")
  void a_webhook_is_an_http_or_https_url_with_a_host(String rule, String url, boolean accepted) {
    if (accepted) {
      assertThat(new Target.Webhook(URI.create(url), SECRET).url()).hasToString(url);
    } else {
      assertThatThrownBy(() -> new Target.Webhook(URI.create(url), SECRET))
          .as(rule)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("http:// or https:// URL with a host");
    }
  }

  @Test
  void a_webhook_without_a_url_is_refused() {
    assertThatThrownBy(() -> new Target.Webhook(null, SECRET))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_webhook_secret_is_16_to_256_characters() {
    URI url = URI.create("https://pager.example/hook");
    int min = Target.Webhook.SECRET_LENGTH_MIN;
    int max = Target.Webhook.SECRET_LENGTH_MAX;
    assertThat(min).isEqualTo(16);
    assertThat(max).isEqualTo(256);
    assertThat(new Target.Webhook(url, "s".repeat(min)).secret()).hasSize(min);
    assertThat(new Target.Webhook(url, "s".repeat(max)).secret()).hasSize(max);
    for (String secret : Arrays.asList(null, "s".repeat(min - 1), "s".repeat(max + 1))) {
      assertThatThrownBy(() -> new Target.Webhook(url, secret))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("needs a secret of 16 to 256 characters");
    }
  }

  @Test
  void a_webhook_key_names_its_url_and_never_its_secret() {
    Target.Webhook webhook = new Target.Webhook(URI.create("https://pager.example/hook"), SECRET);
    assertThat(webhook.key()).isEqualTo("webhook https://pager.example/hook");
    assertThat(webhook).hasToString("webhook https://pager.example/hook");
    assertThat(webhook.toString()).doesNotContain(SECRET);
  }

  static Stream<Arguments> addresses() {
    String local = "d".repeat(64);
    String domain254 = "e".repeat(Target.Email.ADDRESS_LENGTH_MAX - local.length() - 1);
    return Stream.of(
        Arguments.of("a plain address", "duty@us.example", true),
        Arguments.of("exactly 254 characters", local + "@" + domain254, true),
        Arguments.of("255 characters", local + "@" + domain254 + "e", false),
        Arguments.of("no @", "duty.us.example", false),
        Arguments.of("two @", "duty@us@example", false),
        Arguments.of("nothing before the @", "@us.example", false),
        Arguments.of("nothing after the @", "duty@", false),
        Arguments.of("a space", "duty officer@us.example", false),
        Arguments.of("a display name", "Duty <duty@us.example>", false),
        Arguments.of("two addresses", "duty@us.example,chief@us.example", false),
        Arguments.of("a header injection", "duty@us.example\nBcc: x@y.example", false),
        Arguments.of("a quote", "\"duty\"@us.example", false),
        Arguments.of("a semicolon", "duty@us.example;", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void an_email_target_is_one_plain_address_of_at_most_254_characters(
      String rule, String address, boolean accepted) {
    if (accepted) {
      assertThat(new Target.Email(address).key()).as(rule).isEqualTo("email " + address);
    } else {
      assertThatThrownBy(() -> new Target.Email(address))
          .as(rule)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not an e-mail address");
    }
  }

  @Test
  void an_email_target_without_an_address_is_refused() {
    assertThatThrownBy(() -> new Target.Email(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_command_is_an_absolute_program_and_at_most_31_arguments() {
    List<String> longest = new ArrayList<>();
    longest.add("/usr/local/bin/page");
    longest.addAll(Collections.nCopies(Target.Command.ARGUMENTS_MAX - 1, "-v"));
    assertThat(new Target.Command(longest).argv()).hasSize(32);

    List<String> tooLong = new ArrayList<>(longest);
    tooLong.add("-v");
    List<String> nullArgument = Arrays.asList("/usr/local/bin/page", null);
    for (List<String> argv : Arrays.asList(null, List.<String>of(), tooLong, nullArgument)) {
      assertThatThrownBy(() -> new Target.Command(argv))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("a program and at most 31 arguments");
    }
    assertThatThrownBy(() -> new Target.Command(List.of("bin/page", "-v")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absolute path, got 'bin/page'");
  }

  @Test
  void a_command_key_is_its_whole_command_line_and_later_edits_do_not_change_it() {
    List<String> argv = new ArrayList<>(List.of("/usr/local/bin/page", "--team", "duty"));
    Target.Command command = new Target.Command(argv);
    argv.set(2, "nobody");
    assertThat(command.key()).isEqualTo("command /usr/local/bin/page --team duty");
    assertThat(command.argv()).containsExactly("/usr/local/bin/page", "--team", "duty");
  }

  @Test
  void side_and_failure_carry_their_wire_names() {
    assertThat(Side.RECEIVING.wire()).isEqualTo("receiving");
    assertThat(Side.SENDING.wire()).isEqualTo("sending");
    assertThat(new NotificationFailedException("refused").type()).isEqualTo("notification-failed");
    assertThat(new NotificationFailedException("refused")).hasMessage("refused");
  }
}
