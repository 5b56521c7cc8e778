package org.hotline.record;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hotline.Json;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;

/** Writes the transcript of one link (both directions) as a {@link TranscriptFile}. */
public final class TranscriptExporter {
  private final RecordStore store;

  public TranscriptExporter(RecordStore store) {
    this.store = store;
  }

  /**
   * Writes the file; returns the number of entries exported. Everything is read as of one moment,
   * so the node may keep running: the file is the record at that moment, consistent throughout.
   */
  public long export(IdentityCard self, IdentityCard peer, Instant now, OutputStream out) {
    ObjectWriter json = Json.mapper().writer();
    try (BufferedWriter writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      return store.snapshot(view -> write(view, writer, json, self, peer, now));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the transcript: " + e.getMessage(), e);
    }
  }

  private static long write(
      RecordStore view,
      BufferedWriter writer,
      ObjectWriter json,
      IdentityCard self,
      IdentityCard peer,
      Instant now) {
    long lines = 0;
    long entries = 0;
    write(
        writer,
        json,
        new TranscriptFile.Header(
            TranscriptFile.FORMAT,
            TranscriptFile.VERSION,
            now,
            self.party().value(),
            List.of(self, peer)));
    lines++;
    for (LogOrigin log :
        List.of(
            new LogOrigin(self.party(), peer.party()), new LogOrigin(peer.party(), self.party()))) {
      String name = log.text();
      write(writer, json, TranscriptFile.Line.log(name, view.head(log).size()));
      lines++;
      for (Map.Entry<Long, String> checkpoint : view.checkpoints(log).entrySet()) {
        write(
            writer,
            json,
            TranscriptFile.Line.checkpoint(name, checkpoint.getKey(), checkpoint.getValue()));
        lines++;
      }
      for (Map.Entry<Long, String> receipt : view.receipts(log).entrySet()) {
        write(
            writer, json, TranscriptFile.Line.receipt(name, receipt.getKey(), receipt.getValue()));
        lines++;
      }
      for (RecordStore.WitnessCosignature cosignature : view.witnessCosignatures(log)) {
        write(
            writer,
            json,
            TranscriptFile.Line.witnessCosignature(
                name, cosignature.size(), cosignature.witness(), cosignature.cosignature()));
        lines++;
      }
      long[] counts = new long[1];
      Base64.Encoder base64 = Base64.getEncoder();
      view.entries(
          log,
          recorded -> {
            write(
                writer,
                json,
                TranscriptFile.Line.entry(
                    name, recorded.seq(), base64.encodeToString(recorded.bytes())));
            counts[0]++;
          });
      lines += counts[0];
      entries += counts[0];
    }
    write(writer, json, TranscriptFile.Line.end(lines));
    return entries;
  }

  private static void write(BufferedWriter writer, ObjectWriter json, Object line) {
    try {
      writer.write(json.writeValueAsString(line));
      writer.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the transcript: " + e.getMessage(), e);
    }
  }
}
