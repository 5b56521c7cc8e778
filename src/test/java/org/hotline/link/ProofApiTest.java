package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/messages/{id}/proof gives what anyone with the two identity cards can check. */
@Tag("slow")
class ProofApiTest {
  @TempDir Path dir;

  @Test
  void a_delivered_message_comes_with_a_proof_that_checks_against_both_cards() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      Api api = new Api(us.home(), us.apiPort());
      List<String> ids = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        StringBuilder batch = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 37; i++) {
          batch
              .append(i == 0 ? "" : ",")
              .append("{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"m")
              .append(round)
              .append('-')
              .append(i)
              .append("\",\"body\":\"b\"}");
        }
        Api.Response sent = api.post("/api/v1/messages/batch", batch.append("]}").toString());
        sent.body().get("messages").forEach(m -> ids.add(m.get("id").asText()));
        String last = ids.get(ids.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline
            && !api.get("/api/v1/messages/" + last)
                .body()
                .get("state")
                .asText()
                .equals("DELIVERED")) {
          Thread.sleep(20);
        }
      }
      for (String id : List.of(ids.get(0), ids.get(40), ids.get(ids.size() - 1))) {
        JsonNode proof = api.get("/api/v1/messages/" + id + "/proof").body();
        assertThat(proof.get("verified").asBoolean()).as(proof.toString()).isTrue();
        assertThat(proof.get("receipted").asBoolean()).isTrue();
        SignedNote note = SignedNote.parse(proof.get("checkpoint").asText());
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        assertThat(note.verifiedBy(us.home().card().verifier())).isTrue();
        var cnKey = cn.home().card().verifier();
        assertThat(
                note.signatures().stream()
                    .anyMatch(
                        s ->
                            s.keyName().equals(cnKey.keyName())
                                && Cosignature.verify(checkpoint, s, cnKey)))
            .isTrue();
        byte[] entry = Base64.getDecoder().decode(proof.get("entry").asText());
        List<byte[]> path = new ArrayList<>();
        proof.get("inclusion_proof").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
        long seq = proof.get("seq").asLong();
        assertThat(
                MerkleProofs.verifyInclusion(
                    seq - 1, checkpoint.size(), MerkleHash.leaf(entry), path, checkpoint.root()))
            .isTrue();
        entry[entry.length / 2] ^= 1;
        assertThat(
                MerkleProofs.verifyInclusion(
                    seq - 1, checkpoint.size(), MerkleHash.leaf(entry), path, checkpoint.root()))
            .isFalse();
      }
      Api.Response unknown = api.get("/api/v1/messages/01930000-0000-7000-8000-000000000000/proof");
      assertThat(unknown.status()).isEqualTo(404);
    }
  }
}
