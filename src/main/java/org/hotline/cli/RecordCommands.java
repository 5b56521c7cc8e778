package org.hotline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotline.record.Finding;
import org.hotline.record.RecordVerifier;
import org.hotline.record.SitrepHtml;
import org.hotline.record.SitrepPdf;
import org.hotline.record.SitrepVerifier;
import org.hotline.record.SituationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands about the record: verify, export, verify-export. */
final class RecordCommands {
  private RecordCommands() {}

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the full transcript of a link (both directions, checkpoints, receipts, both identity cards) to one file.")
  static final class Export implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--peer", required = true, description = "Party id of the peer.")
    String peer;

    @Option(names = "--out", required = true, description = "File to write (must not exist).")
    Path out;

    Export(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      long entries = operations.export(dir, org.hotline.identity.PartyId.of(peer), out);
      System.out.println(
          "Wrote "
              + entries
              + " entries to "
              + out
              + "; check it with: hotline verify-export "
              + out);
      return 0;
    }
  }

  @Command(
      name = "verify-export",
      mixinStandardHelpOptions = true,
      description =
          "Check an exported transcript without any database or node. Exit 0 if it verifies, 1 if not.")
  static final class VerifyExport implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", description = "The transcript file.")
    Path file;

    @Option(
        names = "--card",
        description =
            "An identity card obtained independently (repeat for both parties); overrides the card in the file.")
    java.util.List<Path> cards = java.util.List.of();

    @Option(
        names = "--html",
        description = "Also write a readable transcript (HTML) with each entry's proof status.")
    Path html;

    @Option(
        names = "--witness-key",
        description =
            "The key of a witness you trust, from its operator (repeatable): its cosignatures in the file must verify, and there must be at least one.")
    java.util.List<String> witnessKeys = java.util.List.of();

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
      java.util.List<org.hotline.identity.IdentityCard> given = readCards(cards);
      java.util.List<org.hotline.transcript.NoteVerifier> witnesses = new java.util.ArrayList<>();
      for (String key : witnessKeys) {
        try {
          witnesses.add(org.hotline.transcript.NoteVerifier.parse(key));
        } catch (IllegalArgumentException e) {
          throw new CliException(
              "--witness-key " + key + " is not a verifier key: " + e.getMessage());
        }
      }
      org.hotline.record.TranscriptVerifier.Result result;
      try (var in = java.nio.file.Files.newInputStream(file)) {
        result = new org.hotline.record.TranscriptVerifier().verify(in, given, witnesses);
      } catch (java.io.IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      if (html != null) {
        try (var out = java.nio.file.Files.newBufferedWriter(html)) {
          org.hotline.record.TranscriptHtml.write(result, out);
        } catch (java.io.IOException e) {
          throw new CliException("cannot write " + html + ": " + e.getMessage());
        }
      }
      if (json) {
        System.out.println(
            Output.json(
                java.util.Map.of(
                    "ok",
                    result.ok(),
                    "entries",
                    result.entryCount(),
                    "findings",
                    result.findings(),
                    "uninterpretable",
                    result.uninterpretable(),
                    "witnessed",
                    result.witnessed(),
                    "shared",
                    result.shared())));
      } else {
        for (Finding finding : result.findings()) {
          System.out.println("FAIL " + TerminalText.line(finding.toString()));
        }
        printUninterpretable(result.uninterpretable());
        printShared(result.shared());
        for (org.hotline.record.WitnessCheck.Witnessed witnessed : result.witnessed()) {
          System.out.println(
              "WITNESSED "
                  + witnessed.log()
                  + " up to "
                  + witnessed.size()
                  + " by "
                  + witnessed.witness());
        }
        System.out.println(
            (result.ok() ? "OK: " : "FAILED: ")
                + result.entryCount()
                + " entries checked"
                + (given.isEmpty()
                    ? " against the cards in the file"
                    : " against the cards given"));
      }
      return result.ok() ? 0 : 1;
    }
  }

  @Command(
      name = "sitrep",
      mixinStandardHelpOptions = true,
      description =
          "Write the situation report of one incident (HTML, and its JSON bundle), with every entry's place in the record and proof status.")
  static final class Sitrep implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--incident", required = true, description = "The incident's id.")
    String incident;

    @Option(names = "--out", required = true, description = "HTML file to write (must not exist).")
    Path out;

    @Option(names = "--json", description = "Also write the JSON bundle (must not exist).")
    Path json;

    @Option(
        names = "--pdf",
        description =
            "Also write the same page as PDF (must not exist); Chinese text needs Debian's fonts-wqy-microhei.")
    Path pdf;

    @Option(
        names = "--lang",
        description =
            "Language of the report's labels: en or zh (default: the node's console language).")
    String lang;

    @Option(names = "--number", defaultValue = "1", description = "Report number, from 1.")
    long number;

    @Option(
        names = "--version",
        defaultValue = "INITIAL",
        description = "INITIAL, UPDATE or FINAL.")
    SituationReport.Version version;

    @Option(names = "--prepared-by", description = "Who prepared the report.")
    String preparedBy;

    @Option(names = "--authorized-by", description = "Who authorized the report.")
    String authorizedBy;

    @Option(names = "--next-contact", description = "When or how the next contact is expected.")
    String nextContact;

    @Option(
        names = "--proofs",
        description =
            "Add each entry's inclusion proof and checkpoint to the bundle, for hotline verify-sitrep.")
    boolean proofs;

    @Option(
        names = "--issue",
        description =
            "Record the report's issue on the incident's timeline, with its bundle hash (needs the running node's API).")
    boolean issue;

    Sitrep(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      org.hotline.link.entry.MessageId id;
      try {
        id = org.hotline.link.entry.MessageId.parse(incident);
      } catch (RuntimeException e) {
        throw new CliException("--incident " + incident + " is not an incident id");
      }
      SituationReport.Header header;
      try {
        header = new SituationReport.Header(number, version, preparedBy, authorizedBy, nextContact);
      } catch (org.hotline.InvalidInputException e) {
        throw new CliException(e.getMessage());
      }
      SitrepHtml.Words words;
      try {
        words = operations.sitrepWords(dir, lang);
      } catch (org.hotline.InvalidInputException e) {
        throw new CliException("--lang " + lang + ": " + e.getMessage());
      }
      java.util.Map<String, Object> bundle = operations.sitrep(dir, id, header, proofs);
      byte[] bytes = SituationReport.bytes(bundle);
      String sha256 = SitrepVerifier.sha256(bytes);
      String page = SitrepHtml.page(bundle, sha256, words);
      java.util.Map<Path, byte[]> files = new java.util.LinkedHashMap<>();
      files.put(out, page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (json != null) {
        files.put(json, bytes);
      }
      if (pdf != null) {
        files.put(pdf, SitrepPdf.render(page));
      }
      writeAllOrNone(files);
      System.out.println(
          "Wrote situation report "
              + number
              + " ("
              + version
              + ") of incident "
              + id
              + " to "
              + out
              + (json == null ? "" : ", " + json)
              + (pdf == null ? "" : ", " + pdf)
              + "; bundle SHA-256 "
              + sha256);
      if (issue) {
        java.util.Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("report_number", number);
        request.put("report_version", version.name());
        request.put("report_sha256", sha256);
        if (preparedBy != null) {
          request.put("by", preparedBy);
        }
        com.fasterxml.jackson.databind.JsonNode accepted =
            new ApiClient(operations.api(dir), dir.toString())
                .post("/api/v1/incidents/" + id + "/changes", request);
        System.out.println(
            "Issued: change "
                + MessageCommands.text(accepted.path("change"), "id")
                + " "
                + MessageCommands.text(accepted.path("change"), "state"));
      }
      return 0;
    }

    /**
     * Writes each file, none of which may exist; if one cannot be written, removes those written
     * before it, so a failed run leaves nothing behind.
     */
    private static void writeAllOrNone(java.util.Map<Path, byte[]> files) {
      java.util.List<Path> written = new java.util.ArrayList<>();
      for (java.util.Map.Entry<Path, byte[]> file : files.entrySet()) {
        try {
          java.nio.file.Files.write(
              file.getKey(), file.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
          written.add(file.getKey());
        } catch (java.io.IOException e) {
          for (Path done : written) {
            try {
              java.nio.file.Files.deleteIfExists(done);
            } catch (java.io.IOException ignored) {
              // the failure reported below is the one that matters; this file stays
            }
          }
          throw new CliException(
              "cannot write " + file.getKey() + ": " + Output.firstLine(e.toString()));
        }
      }
    }
  }

  @Command(
      name = "verify-sitrep",
      mixinStandardHelpOptions = true,
      description =
          "Check a situation report bundle (written with --proofs) against the two identity cards alone. Exit 0 if it verifies, 1 if not.")
  static final class VerifySitrep implements Callable<Integer> {
    @Option(names = "--bundle", required = true, description = "The report's JSON bundle.")
    Path bundle;

    @Option(
        names = {"--cards", "--card"},
        required = true,
        arity = "1..*",
        description = "Both parties' identity cards, obtained independently.")
    java.util.List<Path> cards;

    @Option(
        names = "--html",
        description = "The report's HTML page: the bundle hash it embeds must be the bundle's.")
    Path html;

    @Override
    public Integer call() {
      java.util.List<org.hotline.identity.IdentityCard> given = readCards(cards);
      byte[] bytes;
      String page = null;
      try {
        bytes = java.nio.file.Files.readAllBytes(bundle);
        if (html != null) {
          page = java.nio.file.Files.readString(html);
        }
      } catch (java.io.IOException e) {
        throw new CliException("cannot read " + Output.firstLine(e.toString()));
      }
      SitrepVerifier.Result result = SitrepVerifier.verify(bytes, given);
      java.util.List<String> findings = new java.util.ArrayList<>(result.findings());
      if (page != null) {
        String embedded = SitrepHtml.embeddedSha256(page);
        if (!result.sha256().equals(embedded)) {
          findings.add(
              html
                  + " embeds the bundle hash "
                  + embedded
                  + ", but the bundle's SHA-256 is "
                  + result.sha256());
        }
      }
      for (String finding : findings) {
        System.out.println("FAIL " + TerminalText.line(finding));
      }
      System.out.println(
          (findings.isEmpty() ? "OK: " : "FAILED: ")
              + result.entries()
              + " entries of the report checked against the cards given; bundle SHA-256 "
              + result.sha256());
      return findings.isEmpty() ? 0 : 1;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Re-check every stored entry, tree, checkpoint, receipt and message. Exit 0 if the record is intact, 1 if not.")
  static final class Verify implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    Verify(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      return verify(operations, dir, json);
    }
  }

  /** The identity cards in {@code files}; one clear line if one cannot be read. */
  private static java.util.List<org.hotline.identity.IdentityCard> readCards(
      java.util.List<Path> files) {
    java.util.List<org.hotline.identity.IdentityCard> given = new java.util.ArrayList<>();
    for (Path card : files) {
      try {
        given.add(
            org.hotline.Json.mapper()
                .readValue(
                    java.nio.file.Files.readAllBytes(card),
                    org.hotline.identity.IdentityCard.class));
      } catch (java.io.IOException e) {
        throw new CliException(
            "cannot read the identity card " + card + ": " + Output.firstLine(e.getMessage()));
      }
    }
    return given;
  }

  /**
   * Runs {@code hotline verify} on {@code dir} and prints its report; returns its exit status: 0 if
   * the record is intact, 1 if not.
   */
  static int verify(NodeOperations operations, Path dir, boolean json) {
    long started = System.nanoTime();
    RecordVerifier.Report report = operations.verify(dir);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (json) {
      System.out.println(Output.json(report));
    } else {
      for (Finding finding : report.findings()) {
        System.out.println("FAIL " + TerminalText.line(finding.toString()));
      }
      printUninterpretable(report.uninterpretable());
      printShared(report.shared());
      System.out.printf(
          "%s: %d logs, %d entries, %d checkpoints, %d receipts checked in %.1f s%s%n",
          report.ok() ? "OK" : "FAILED",
          report.logs(),
          report.entries(),
          report.checkpoints(),
          report.receipts(),
          seconds,
          report.ok() ? "" : "; " + report.findings().size() + " problems");
    }
    return report.ok() ? 0 : 1;
  }

  /**
   * Per link, its shared objects as recomputed from the signed change entries, in the one wording
   * {@code verify} and {@code verify-export} share, so that an auditor can compare the state hash
   * of an export with each node's.
   */
  private static void printShared(java.util.List<RecordVerifier.SharedObjects> links) {
    for (RecordVerifier.SharedObjects shared : links) {
      System.out.printf(
          "shared objects %s: %d incidents, %d commitments, %d concerns, %d refused changes;"
              + " state hash %s at %s%n",
          shared.link(),
          shared.incidents(),
          shared.commitments(),
          shared.concerns(),
          shared.refused(),
          shared.stateHash(),
          shared.sizes());
    }
  }

  /**
   * Entries stored as their writer signed them that cannot be interpreted: findings, not faults
   * (docs/record.md).
   */
  private static void printUninterpretable(java.util.List<Finding> entries) {
    for (Finding entry : entries) {
      System.out.println(
          "NOTE "
              + TerminalText.line(entry.toString())
              + " (uninterpretable entry, stored as signed)");
    }
  }
}
