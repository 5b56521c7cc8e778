package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 9 through the real API of two real nodes: text of arbitrary UTF-16 code units (lone
 * surrogates, C0 and C1 controls, DEL, noncharacters, astral characters, bidi controls, CR LF, from
 * empty to 64 KiB) in subjects, bodies, notes and decline reasons is either refused with a 4xx
 * problem, storing nothing, or signed, delivered and answered, and afterwards {@code verify} finds
 * nothing wrong on either node and no security event was raised. Before the text policy a single
 * lone surrogate made the peer refuse every later batch.
 */
class HostileTextTest {
  /** Submissions tried; each is one request, so the test stays a few seconds long. */
  private static final int SUBMISSIONS = 240;

  @TempDir Path root;

  /** Pieces that keep the policy in any field. */
  private static final String[] ONE_LINE = {
    "a",
    "Z",
    " ",
    "0",
    "é",
    "中文",
    "ß",
    "\u00A0",
    "\uD83D\uDE00",
    "\uDBFF\uDFFF",
    "\uFFFE",
    "\uFFFF",
    "\uFDD0",
    "\uFEFF",
    "\u202E",
    "\u2066",
    "\u200F",
    "\u061C",
    "\"",
    "\\",
    "/",
    "<script>",
    "?"
  };

  /** Pieces that keep the policy in a multi-line field: the above, and line breaks and tabs. */
  private static final String[] MULTI_LINE =
      concat(ONE_LINE, "\t", "\n", "\r\n", "\u2028", "\u2029");

  /** Pieces that break it somewhere: controls, lone surrogates, lone CR. */
  private static final String[] HOSTILE = {
    "\u0000",
    "\u0001",
    "\u0007",
    "\u0008",
    "\t",
    "\n",
    "\r",
    "\u000B",
    "\u000C",
    "\u001B[2J",
    "\u001B]0;title\u0007",
    "\u001B]8;;https://example.com\u0007x",
    "\u001F",
    "\u007F",
    "\u0080",
    "\u0085",
    "\u009B",
    "\u009F",
    "\uD800",
    "\uDBFF",
    "\uDC00",
    "\uDFFF",
    "\uDE00\uD83D",
    "\u2028"
  };

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void random_text_is_refused_with_a_4xx_or_delivered_and_verify_passes_on_both_nodes() {
    try (Node us = Nodes.start(Nodes.init(root, "us"));
        Node cn = Nodes.start(Nodes.init(root, "cn"))) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      SplittableRandom random = new SplittableRandom(20261206);
      Map<String, ObjectNode> accepted = new LinkedHashMap<>();
      int refused = 0;
      for (int i = 0; i < SUBMISSIONS; i++) {
        ObjectNode message =
            Json.mapper()
                .createObjectNode()
                .put("to", "cn")
                .put("precedence", "ROUTINE")
                .put("status", "TEST")
                .put("subject", "s" + text(random, random.nextInt(1, 40), ONE_LINE))
                .put("body", text(random, length(random), MULTI_LINE));
        Api.Response response = usApi.post("/api/v1/messages", json(message));
        if (response.status() == 201) {
          accepted.put(response.body().get("id").asText(), message);
        } else {
          assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
          assertThat(response.raw().headers().firstValue("Content-Type"))
              .hasValue("application/problem+json");
          assertThat(response.body().get("detail").asText()).isNotBlank();
          refused++;
        }
      }
      assertThat(accepted).as("some random texts keep the policy").hasSizeGreaterThan(20);
      assertThat(refused).as("some random texts break it").isGreaterThan(20);
      assertThat(count(usApi, "/api/v1/messages?box=outbox&limit=500")).isEqualTo(accepted.size());

      Messaging.awaitDelivered(usApi, "cn", accepted.size());
      for (Map.Entry<String, ObjectNode> sent : accepted.entrySet()) {
        JsonNode shown = cnApi.get("/api/v1/messages/" + sent.getKey()).body();
        assertThat(shown.get("subject").asText())
            .isEqualTo(sent.getValue().get("subject").asText());
        assertThat(shown.get("body").asText())
            .isEqualTo(sent.getValue().get("body").asText().replace("\r\n", "\n"));
      }

      int answered = 0;
      for (String id : accepted.keySet()) {
        boolean decline = random.nextBoolean();
        ObjectNode answer =
            Json.mapper()
                .createObjectNode()
                .put("by", "officer " + text(random, random.nextInt(0, 6), ONE_LINE))
                .put(
                    decline ? "reason" : "note",
                    "r" + text(random, random.nextInt(0, 300), MULTI_LINE));
        Api.Response response =
            cnApi.post("/api/v1/messages/" + id + (decline ? "/decline" : "/ack"), json(answer));
        if (response.status() == 200) {
          answered++;
        } else {
          assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        }
      }
      assertThat(answered).as("some answers keep the policy").isPositive();
      int answers = answered;
      Await.until(
          "us to hold every answer cn gave",
          Messaging.DELIVERY_TIMEOUT,
          () -> answeredCount(usApi, accepted.keySet()) == answers);

      assertThat(Mailbox.peerMaterialEvents(usApi)).isEmpty();
      assertThat(Mailbox.peerMaterialEvents(cnApi)).isEmpty();
      assertThat(Records.verify(us.home()).findings()).isEmpty();
      assertThat(Records.verify(cn.home()).findings()).isEmpty();
    }
  }

  /**
   * The request as JSON with every character beyond ASCII escaped, so that a lone surrogate reaches
   * the node as the escape a hostile client would send, not as the '?' that encoding a Java string
   * as UTF-8 makes of it.
   */
  private static String json(ObjectNode request) {
    try {
      return Json.mapper()
          .writer()
          .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
          .writeValueAsString(request);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Mostly short texts, some long, a few near the 64 KiB body limit. */
  private static int length(SplittableRandom random) {
    int pick = random.nextInt(20);
    if (pick == 0) {
      return random.nextInt(8_000, 21_000); // pieces average about 3 bytes of UTF-8
    }
    return pick < 4 ? random.nextInt(100, 2_000) : random.nextInt(0, 40);
  }

  /**
   * Text of {@code pieces} pieces: half the texts only of pieces that keep the policy for the
   * field, the other half with a hostile piece now and then.
   */
  private static String text(SplittableRandom random, int pieces, String[] allowed) {
    boolean hostile = random.nextBoolean();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      text.append(
          hostile && random.nextInt(100) < 5
              ? HOSTILE[random.nextInt(HOSTILE.length)]
              : allowed[random.nextInt(allowed.length)]);
    }
    return text.toString();
  }

  private static int count(Api api, String path) {
    Api.Response response = api.get(path);
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    return response.body().get("items").size();
  }

  private static long answeredCount(Api api, Iterable<String> ids) {
    long answered = 0;
    for (String id : ids) {
      JsonNode message = api.get("/api/v1/messages/" + id).body();
      if (!message.path("answer").isNull() && !message.path("answer").isMissingNode()) {
        answered++;
      }
    }
    return answered;
  }
}
