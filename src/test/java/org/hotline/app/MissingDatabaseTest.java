package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.testing.Cli;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory that holds a node's keys and configuration but not its database (a restore cut
 * short, a file deleted by hand) is refused at start with one line: an empty database would have
 * the node sign its log again from the first entry under the same key, a second history. Nothing is
 * created in the directory.
 */
class MissingDatabaseTest {
  private static final String REFUSAL =
      "hotline.db is missing or empty: starting with an empty database would sign a second history";

  @TempDir Path dir;

  @Test
  void a_node_whose_database_was_deleted_refuses_to_start_and_creates_none() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.start(home).close();
    Path database = home.dir().resolve(NodeHome.DATABASE);
    Files.delete(database);
    List<String> before = listing(home.dir());

    assertThatThrownBy(() -> Nodes.start(home))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(REFUSAL)
        .hasMessageContaining("restore the directory from a backup");

    assertThat(database).doesNotExist();
    assertThat(listing(home.dir())).isEqualTo(before);
  }

  @Test
  void a_node_whose_database_is_empty_refuses_to_start_and_leaves_it_empty() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Path database = home.dir().resolve(NodeHome.DATABASE);
    Files.write(database, new byte[0]);

    assertThatThrownBy(() -> Nodes.start(home))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(REFUSAL);

    assertThat(database).isEmptyFile();
  }

  @Test
  @Timeout(60) // a node that starts would serve until stopped
  void hotline_serve_without_the_database_prints_one_line_and_exits_1() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Files.delete(home.dir().resolve(NodeHome.DATABASE));

    Cli.Run serve = Cli.run(dir, "serve", "--dir", home.dir().toString());

    assertThat(serve.exitCode()).as(serve.output()).isEqualTo(1);
    List<String> lines =
        serve.output().lines().filter(line -> !line.startsWith("WARNING:")).toList();
    assertThat(lines).as(serve.output()).hasSize(1);
    assertThat(lines.getFirst()).startsWith("hotline: ").contains(REFUSAL);
    assertThat(home.dir().resolve(NodeHome.DATABASE)).doesNotExist();
  }

  private static List<String> listing(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
