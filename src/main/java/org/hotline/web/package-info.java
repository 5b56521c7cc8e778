/**
 * The console/API port: a JSON REST API under {@code /api/v1} (OpenAPI document at {@code
 * /api/v1/openapi.json}), bearer-token authentication, RFC 9457 problem details for every error,
 * {@code /healthz} and {@code /readyz} for probes and {@code /metrics} for Prometheus ({@code
 * OperatorEndpoints}). Bound to 127.0.0.1 unless configured otherwise.
 */
package org.hotline.web;
