package org.hotline.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.hotline.Json;
import org.hotline.watch.Notice;

/**
 * The JSON form of an alert: the fields of {@link Notice#fields()}, in that order, compact UTF-8.
 */
final class AlertJson {
  private AlertJson() {}

  static byte[] bytes(Notice alert) {
    try {
      return Json.mapper().writeValueAsBytes(alert.fields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert of plain values always serializes", e);
    }
  }
}
