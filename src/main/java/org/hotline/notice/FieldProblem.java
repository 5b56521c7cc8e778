package org.hotline.notice;

/**
 * Why a notification's value breaks its template, at one place.
 *
 * @param pointer the JSON Pointer (RFC 6901) of the failing value, {@code ""} for the whole object
 * @param rule the schema keyword that failed, such as {@code required}, {@code maxLength}, {@code
 *     enum}, or {@code limit} for one of this package's own limits
 * @param message one English sentence for a person
 */
public record FieldProblem(String pointer, String rule, String message) {}
