package org.hotline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.stream.Collectors;
import org.hotline.ConflictException;
import org.hotline.HotlineException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.OverloadedException;
import org.hotline.link.TamperedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP answers: RFC 9457 problem details ({@code
 * application/problem+json}) with {@code type}, {@code title}, {@code status}, {@code detail}, and
 * {@code field} for invalid input. Nothing is stored by a request that gets a problem.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String TYPE_PREFIX = "urn:hotline:problem:";

  /** The body of every error answer. */
  record Problem(String type, String title, int status, String detail, String field) {}

  /**
   * A formatted notification to a template its recipient has not adopted on the channel ({@link
   * org.hotline.TemplateNotAdoptedException}): the template, the version asked for (absent for the
   * newest) and the channel.
   */
  record TemplateProblem(
      String type,
      String title,
      int status,
      String detail,
      String template,
      Integer version,
      String channel) {}

  /**
   * A formatted notification's fields that break its template ({@link
   * org.hotline.InvalidFieldsException}): every failing value with its JSON Pointer and rule.
   */
  record FieldsProblem(
      String type,
      String title,
      int status,
      String detail,
      java.util.List<org.hotline.InvalidFieldsException.FieldError> errors) {}

  /**
   * A message refused by its channel ({@link org.hotline.ChannelRefusedException}): the problem's
   * members and which channel refused, why (SUSPENDED, PRECEDENCE_NOT_ALLOWED, UNKNOWN_CHANNEL) and
   * the peer's reason or what the channel allows.
   */
  record ChannelProblem(
      String type,
      String title,
      int status,
      String detail,
      String field,
      String channel,
      String why,
      String reason) {}

  private Problems() {}

  /** Registers the handlers; errors on {@code console} paths go to the console as pages. */
  static void register(JavalinConfig config, org.hotline.web.console.Console console) {
    if (console != null) {
      config.routes.exception(
          Exception.class,
          (e, ctx) -> {
            String path;
            try {
              path = ctx.path();
            } catch (RuntimeException gone) {
              LOG.debug("no request left to answer (the client went away)", e);
              return;
            }
            if (org.hotline.web.console.Console.owns(path)
                && !(e instanceof HostCheck.Misdirected)) {
              console.error(e, ctx);
            } else {
              api(ctx, e);
            }
          });
      config.routes.error(
          404,
          ctx -> {
            if (org.hotline.web.console.Console.owns(ctx.path())) {
              if (!isProblem(ctx) && !org.hotline.web.console.Console.answered(ctx)) {
                console.notFound(ctx);
              }
            } else if (!isProblem(ctx)) {
              send(
                  ctx,
                  HttpStatus.NOT_FOUND,
                  "not-found",
                  "no such endpoint: " + ctx.method() + " " + ctx.path(),
                  null);
            }
          });
    } else {
      config.routes.exception(Exception.class, (e, ctx) -> api(ctx, e));
      config.routes.error(
          404,
          ctx -> {
            if (!isProblem(ctx)) {
              send(
                  ctx,
                  HttpStatus.NOT_FOUND,
                  "not-found",
                  "no such endpoint: " + ctx.method() + " " + ctx.path(),
                  null);
            }
          });
    }
    config.routes.error(
        405,
        ctx ->
            send(
                ctx,
                HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed",
                ctx.method() + " is not allowed on " + ctx.path(),
                null));
    config.routes.error(
        413,
        ctx ->
            send(
                ctx,
                HttpStatus.CONTENT_TOO_LARGE,
                "too-large",
                "request body is over the limit of " + ApiServer.REQUEST_BYTES_MAX + " bytes",
                null));
  }

  /** The API's answer to an exception: a problem document. */
  private static void api(Context ctx, Exception e) {
    switch (e) {
      case HotlineException hotline -> hotline(ctx, hotline);
      case BearerAuth.Unauthorized unauthorized -> {
        ctx.header("WWW-Authenticate", "Bearer");
        send(ctx, HttpStatus.UNAUTHORIZED, "unauthorized", unauthorized.getMessage(), null);
      }
      case JsonProcessingException json -> json(ctx, json);
      case HostCheck.Misdirected misdirected ->
          send(ctx, HttpStatus.MISDIRECTED_REQUEST, "misdirected", misdirected.getMessage(), null);
      default -> {
        LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        send(
            ctx,
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "the node hit an unexpected error; see its log",
            null);
      }
    }
  }

  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/problem+json");
  }

  private static void hotline(Context ctx, HotlineException e) {
    if (e instanceof org.hotline.ChannelRefusedException refused) {
      channelRefused(ctx, refused);
      return;
    }
    if (e instanceof org.hotline.TemplateNotAdoptedException notAdopted) {
      problem(
          ctx,
          HttpStatus.CONFLICT,
          new TemplateProblem(
              TYPE_PREFIX + notAdopted.type(),
              notAdopted.type(),
              HttpStatus.CONFLICT.getCode(),
              notAdopted.getMessage(),
              notAdopted.template(),
              notAdopted.version(),
              notAdopted.channel()));
      return;
    }
    if (e instanceof org.hotline.InvalidFieldsException invalid) {
      problem(
          ctx,
          HttpStatus.UNPROCESSABLE_CONTENT,
          new FieldsProblem(
              TYPE_PREFIX + invalid.type(),
              invalid.type(),
              HttpStatus.UNPROCESSABLE_CONTENT.getCode(),
              invalid.getMessage(),
              invalid.errors()));
      return;
    }
    HttpStatus status =
        switch (e) {
          case InvalidInputException invalid -> HttpStatus.BAD_REQUEST;
          case NotFoundException notFound -> HttpStatus.NOT_FOUND;
          case ConflictException conflict -> HttpStatus.CONFLICT;
          case org.hotline.console.NotPermittedException forbidden -> HttpStatus.FORBIDDEN;
          case TamperedRecordException tampered -> HttpStatus.INTERNAL_SERVER_ERROR;
          case OverloadedException overloaded -> {
            ctx.header(
                "Retry-After", Long.toString(Math.max(1, overloaded.retryAfter().toSeconds())));
            yield HttpStatus.SERVICE_UNAVAILABLE;
          }
          default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    String field =
        e instanceof InvalidInputException invalid && !invalid.field().isEmpty()
            ? invalid.field()
            : null;
    send(ctx, status, e.type(), e.getMessage(), field);
  }

  private static void json(Context ctx, JsonProcessingException e) {
    java.util.Optional<String> duplicate = org.hotline.Json.duplicateField(e);
    if (duplicate.isPresent()) {
      send(
          ctx,
          HttpStatus.BAD_REQUEST,
          "invalid-input",
          "field '" + duplicate.get() + "' is given twice",
          duplicate.get());
    } else if (e instanceof UnrecognizedPropertyException unknown) {
      send(
          ctx,
          HttpStatus.BAD_REQUEST,
          "invalid-input",
          "unknown field '" + unknown.getPropertyName() + "'",
          unknown.getPropertyName());
    } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      String path =
          ((MismatchedInputException) e)
              .getPath().stream()
                  .map(
                      ref ->
                          ref.getFieldName() == null
                              ? "[" + ref.getIndex() + "]"
                              : "." + ref.getFieldName())
                  .collect(Collectors.joining())
                  .replaceFirst("^\\.", "");
      send(
          ctx,
          HttpStatus.BAD_REQUEST,
          "invalid-input",
          path.isEmpty()
              ? "request body has the wrong shape"
              : "field '" + path + "' has the wrong type",
          path.isEmpty() ? null : path);
    } else {
      send(ctx, HttpStatus.BAD_REQUEST, "invalid-input", "request body is not valid JSON", null);
    }
  }

  /**
   * 409 for a channel that is suspended or does not allow the precedence (the request was right;
   * the channel's state says no), 400 with field {@code channel} for a channel the link does not
   * have.
   */
  private static void channelRefused(Context ctx, org.hotline.ChannelRefusedException e) {
    boolean unknown = e.why() == org.hotline.ChannelRefusedException.Why.UNKNOWN_CHANNEL;
    HttpStatus status = unknown ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
    ctx.status(status).contentType("application/problem+json");
    ApiServer.protectiveHeaders(ctx::header);
    ctx.result(
        MessagesApi.bytes(
            new ChannelProblem(
                TYPE_PREFIX + e.type(),
                e.type(),
                status.getCode(),
                e.getMessage(),
                unknown ? "channel" : null,
                e.channel(),
                e.why().name(),
                e.reason())));
  }

  private static void problem(Context ctx, HttpStatus status, Object problem) {
    ctx.status(status).contentType("application/problem+json");
    ApiServer.protectiveHeaders(ctx::header);
    ctx.result(MessagesApi.bytes(problem));
  }

  static void send(Context ctx, HttpStatus status, String type, String detail, String field) {
    ctx.status(status).contentType("application/problem+json");
    ApiServer.protectiveHeaders(ctx::header);
    ctx.result(
        MessagesApi.bytes(new Problem(TYPE_PREFIX + type, type, status.getCode(), detail, field)));
  }
}
