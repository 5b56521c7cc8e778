package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run: the commands it runs succeed on a scratch directory they fill
 * themselves, and a command that fails fails the run (the launcher then goes on without a cache).
 */
@Tag("slow")
class StartupTrainingTest {
  @TempDir Path scratch;

  @Test
  void the_training_commands_run_on_a_store_they_fill_and_leave_an_export_that_checks() {
    assertThat(StartupTraining.run(scratch, 300)).isZero();
    assertThat(scratch.resolve("us-cn.jsonl")).isRegularFile();
    assertThat(Main.run("verify-export", scratch.resolve("us-cn.jsonl").toString())).isZero();
    assertThat(Main.run("verify", "--dir", scratch.resolve("cn").toString())).isZero();
  }

  @Test
  void a_command_that_fails_fails_the_training() throws Exception {
    Path notADirectory = Files.writeString(scratch.resolve("file"), "in the way");
    assertThat(StartupTraining.run(notADirectory, 300)).isEqualTo(1);
  }
}
