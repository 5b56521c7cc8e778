package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hotline.transcript.MerkleHash;
import org.junit.jupiter.api.Test;

/** {@link LogAppender}: leaf hashes, the root, and the subtree hashes kept for proofs. */
class LogAppenderTest {
  private static byte[] entry(int i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> entries(int from, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(entry(i));
    }
    return out;
  }

  @Test
  void append_returns_the_leaf_hash_and_the_root_is_that_of_all_entries() {
    LogAppender appender = new LogAppender(LinkStore.LogHead.EMPTY);
    assertThat(appender.append(entry(1))).isEqualTo(MerkleHash.leaf(entry(1)));
    appender.append(entry(2));
    appender.append(entry(3));
    assertThat(appender.size()).isEqualTo(3);
    assertThat(appender.root()).isEqualTo(LinkPair.root(entries(1, 3)));
  }

  @Test
  void complete_subtrees_are_kept_at_every_fourth_level_only() {
    LogAppender appender = new LogAppender(LinkStore.LogHead.EMPTY);
    entries(1, 15).forEach(appender::append);
    assertThat(appender.completedNodes()).isEmpty();
    appender.append(entry(16));
    assertThat(appender.completedNodes())
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.level()).isEqualTo(4);
              assertThat(node.index()).isZero();
              assertThat(node.hash()).isEqualTo(LinkPair.root(entries(1, 16)));
            });
    entries(17, 240).forEach(appender::append);
    assertThat(appender.completedNodes())
        .extracting(LinkStore.TreeNode::level)
        .containsOnly(4, 8)
        .hasSize(17);
    assertThat(appender.completedNodes().get(16).hash()).isEqualTo(LinkPair.root(entries(1, 256)));
  }

  @Test
  void an_appender_continues_from_a_stored_head() {
    LogAppender first = new LogAppender(LinkStore.LogHead.EMPTY);
    entries(1, 5).forEach(first::append);
    LinkStore.LogHead head = first.head(3);
    assertThat(head.size()).isEqualTo(5);
    assertThat(head.receiptedSize()).isEqualTo(3);

    LogAppender next = new LogAppender(head);
    next.append(entry(6));
    assertThat(next.size()).isEqualTo(6);
    assertThat(next.root()).isEqualTo(LinkPair.root(entries(1, 6)));
    assertThat(next.head(0).receiptedSize()).isZero();
  }
}
