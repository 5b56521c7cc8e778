package org.hotline.notice;

import java.time.Instant;

/**
 * A template an operator added to this node, as stored: its canonical text (RFC 8785) and who added
 * it when.
 *
 * @param id the template's id
 * @param version its version
 * @param sha256 lower-case hex SHA-256 of {@code canonical}
 * @param canonical the template in canonical JSON, which {@link Template#parse} accepted
 * @param addedBy the console user, or the name the API's caller gave
 * @param addedAt this node's clock when it was added
 */
public record AddedTemplate(
    String id, int version, String sha256, String canonical, String addedBy, Instant addedAt) {}
