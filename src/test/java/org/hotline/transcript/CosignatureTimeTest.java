package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.transcript.Vectors.SPEC_CHECKPOINT_BODY;
import static org.hotline.transcript.Vectors.peter;

import org.junit.jupiter.api.Test;

/** The edges of a cosignature's timestamp: the epoch itself is a valid time. */
class CosignatureTimeTest {
  private static final Checkpoint CHECKPOINT = Checkpoint.parse(SPEC_CHECKPOINT_BODY);

  @Test
  void a_cosignature_made_at_the_epoch_verifies_and_reads_back_time_zero() {
    NoteSigner signer = peter();

    SignedNote.NoteSignature cosignature = Cosignature.sign(CHECKPOINT, signer, 0);

    assertThat(Cosignature.verify(CHECKPOINT, cosignature, signer.verifier())).isTrue();
    assertThat(Cosignature.timestamp(cosignature)).isZero();
  }
}
