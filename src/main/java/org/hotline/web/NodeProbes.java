package org.hotline.web;

import java.util.List;

/**
 * What the console port's operator endpoints read from the running node: its metrics for {@code GET
 * /metrics} and its readiness for {@code GET /readyz}. The composition root implements it; the web
 * edge knows neither the store nor the metrics library. Implementations are thread-safe.
 */
public interface NodeProbes {
  /** Every metric now, in Prometheus' text exposition format 0.0.4. */
  String scrape();

  /**
   * What keeps the node from serving now, one short line each without secrets (the store cannot
   * take a write, the link has not started); empty when it is ready.
   */
  List<String> notReady();
}
