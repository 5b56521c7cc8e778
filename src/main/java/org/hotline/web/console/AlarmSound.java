package org.hotline.web.console;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The alarm tone, made here rather than shipped: a WAV file (RIFF, 16-bit PCM, mono) of {@link
 * #BEEPS} alternating high and low beeps, the pattern of a two-tone alert. Pure.
 */
final class AlarmSound {
  static final int SAMPLE_RATE = 8_000;
  static final int BEEPS = 4;
  static final double BEEP_SECONDS = 0.18;
  static final double[] TONES_HZ = {880, 660};

  /** Loud enough to be heard across a room, with headroom against clipping. */
  static final double AMPLITUDE = 0.6;

  private AlarmSound() {}

  static byte[] wav() {
    int beepSamples = (int) (SAMPLE_RATE * BEEP_SECONDS);
    int samples = beepSamples * BEEPS;
    ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    int ramp = SAMPLE_RATE / 200;
    for (int beep = 0; beep < BEEPS; beep++) {
      double frequency = TONES_HZ[beep % TONES_HZ.length];
      for (int i = 0; i < beepSamples; i++) {
        double envelope = Math.min(1.0, Math.min(i, beepSamples - 1 - i) / (double) ramp);
        double value = Math.sin(2 * Math.PI * frequency * i / SAMPLE_RATE) * AMPLITUDE * envelope;
        pcm.putShort((short) Math.round(value * Short.MAX_VALUE));
      }
    }
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header
        .put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(36 + pcm.capacity());
    header.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    header
        .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1);
    header.putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
    header.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm.capacity());
    ByteArrayOutputStream out = new ByteArrayOutputStream(44 + pcm.capacity());
    out.writeBytes(header.array());
    out.writeBytes(pcm.array());
    return out.toByteArray();
  }
}
