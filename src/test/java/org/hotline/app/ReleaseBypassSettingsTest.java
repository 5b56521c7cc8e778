package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hotline.Json;
import org.junit.jupiter.api.Test;

/** {@code console.release_bypass_tokens} in hotline.json: the tokens allowed to skip release. */
class ReleaseBypassSettingsTest {
  private static NodeConfig parse(String console) throws Exception {
    return Json.mapper()
        .readValue(WatchSettingsTest.with("\"console\":" + console), NodeConfig.class);
  }

  @Test
  void without_the_key_every_path_waits_for_release() throws Exception {
    assertThat(parse("{\"two_person_release\":true}").console().apiTokenBypassesRelease())
        .isFalse();
    assertThat(parse("{\"release_bypass_tokens\":[]}").console().apiTokenBypassesRelease())
        .isFalse();
  }

  @Test
  void naming_the_api_token_lets_it_bypass_release() throws Exception {
    assertThat(
            parse("{\"two_person_release\":true,\"release_bypass_tokens\":[\"api\"]}")
                .console()
                .apiTokenBypassesRelease())
        .isTrue();
  }

  @Test
  void a_token_the_node_does_not_have_is_refused_naming_the_key() {
    assertThatThrownBy(() -> parse("{\"release_bypass_tokens\":[\"robot\"]}"))
        .hasRootCauseInstanceOf(org.hotline.InvalidInputException.class)
        .rootCause()
        .hasMessageContaining("release_bypass_tokens")
        .hasMessageContaining("'api'")
        .hasMessageContaining("robot");
  }
}
