package org.hotline.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * Checks witness cosignatures (C2SP tlog-cosignature lines by a tlog-witness) over the checkpoints
 * of one log, against witness keys the reviewer trusts. A cosignature by a trusted witness over the
 * checkpoint of size N says that the witness saw that checkpoint, signed by the writer, and that it
 * was consistent with every earlier checkpoint of the log the witness had cosigned: the writer did
 * not show the witness a different history. Whether the entries give that checkpoint's root is the
 * {@link LogVerifier}'s part. Cosignatures by keys not trusted prove nothing and are only checked
 * for form. Stateless; thread-safe.
 */
public final class WitnessCheck {
  private WitnessCheck() {}

  /** The largest size of a log that one trusted witness cosigned validly. */
  public record Witnessed(String witness, String log, long size) {}

  /**
   * Checks {@code cosignatures} of {@code log} against {@code checkpointNotes} (the writer's signed
   * notes by size); adds problems to {@code findings} and, per trusted witness with a valid
   * cosignature, the largest size it cosigned to {@code witnessed}.
   */
  static void check(
      String log,
      Map<Long, String> checkpointNotes,
      List<RecordStore.WitnessCosignature> cosignatures,
      List<NoteVerifier> trusted,
      List<Finding> findings,
      List<Witnessed> witnessed) {
    long[] largest = new long[trusted.size()];
    for (RecordStore.WitnessCosignature cosignature : cosignatures) {
      SignedNote.NoteSignature line;
      try {
        line = SignedNote.NoteSignature.parse(cosignature.cosignature());
        Cosignature.timestamp(line);
      } catch (TranscriptFormatException e) {
        findings.add(
            new Finding(
                log,
                0,
                "the witness cosignature for size "
                    + cosignature.size()
                    + " is malformed: "
                    + e.getMessage()));
        continue;
      }
      for (int i = 0; i < trusted.size(); i++) {
        NoteVerifier witness = trusted.get(i);
        if (!line.keyName().equals(witness.keyName())) {
          continue;
        }
        String problem =
            problem(checkpointNotes.get(cosignature.size()), cosignature.size(), line, witness);
        if (problem != null) {
          findings.add(new Finding(log, 0, problem));
        } else {
          largest[i] = Math.max(largest[i], cosignature.size());
        }
      }
    }
    for (int i = 0; i < trusted.size(); i++) {
      if (largest[i] > 0) {
        witnessed.add(new Witnessed(trusted.get(i).keyName(), log, largest[i]));
      }
    }
  }

  private static String problem(
      String checkpointNote, long size, SignedNote.NoteSignature line, NoteVerifier witness) {
    if (checkpointNote == null) {
      return "witness "
          + witness.keyName()
          + " cosigned size "
          + size
          + ", for which there is no signed checkpoint";
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(SignedNote.parse(checkpointNote).text());
    } catch (TranscriptFormatException e) {
      return "the checkpoint cosigned by witness "
          + witness.keyName()
          + " for size "
          + size
          + " is malformed";
    }
    if (!Cosignature.verify(checkpoint, line, witness)) {
      return "the cosignature by witness "
          + witness.keyName()
          + " over the checkpoint of size "
          + size
          + " does not verify against "
          + witness.vkey();
    }
    return null;
  }

  /** Findings for trusted witnesses that cosigned nothing at all in what was checked. */
  static List<Finding> absent(List<NoteVerifier> trusted, List<Witnessed> witnessed) {
    List<Finding> findings = new ArrayList<>();
    for (NoteVerifier witness : trusted) {
      if (witnessed.stream().noneMatch(w -> w.witness().equals(witness.keyName()))) {
        findings.add(
            new Finding(
                "",
                0,
                "no valid cosignature by witness " + witness.vkey() + " covers any checkpoint"));
      }
    }
    return findings;
  }
}
