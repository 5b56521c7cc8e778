package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.event.Event;
import org.hotline.event.Published;
import org.hotline.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names and fields of the node's events on {@code GET /api/v1/events}, as docs/operations.md
 * and the OpenAPI document give them: the same as when each publisher built its own map.
 */
class EventJsonTest {
  private static final ObjectMapper JSON = Json.mapper();
  private static final String M = "01a224b3-525b-73f8-b703-cd1ab8d08c9a";

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            SampleEvents.MESSAGE_RECEIVED,
            "message.received",
            "{'id':'"
                + M
                + "','from':'cn','precedence':'IMMEDIATE','status':'ACTUAL',"
                + "'subject':'Request'}"),
        Arguments.of(
            SampleEvents.MESSAGE_ANSWERED,
            "message.answered",
            "{'id':'" + M + "','kind':'ACK','by':'duty officer','from':'cn'}"),
        Arguments.of(SampleEvents.LINK_TEST, "link.test", "{'peer':'cn','number':4,'seq':17}"),
        Arguments.of(
            SampleEvents.CRISIS_CHANGED,
            "crisis.changed",
            "{'peer':'cn','objects':['incident/" + M + "'],'by_peer':true}"),
        Arguments.of(
            SampleEvents.DEADLINE_MISS_RECORDED,
            "deadline.missed",
            "{'type':'deadline.missed','node':'us','side':'receiving','peer':'cn','message':'"
                + M
                + "','deadline':'2026-11-29T00:27:43.744Z',"
                + "'raised_at':'2026-11-29T00:27:44.744Z'}"),
        Arguments.of(
            SampleEvents.LINK_RECEIPT, "link.receipt", "{'peer':'cn','delivered_up_to':3}"),
        Arguments.of(
            SampleEvents.SECURITY_ALARM,
            "security.alarm",
            "{'peer':'cn','kind':'root-mismatch','detail':'entries do not give the signed root'}"),
        Arguments.of(
            SampleEvents.LINK_DOWN, "link.down", "{'peer':'cn','previous':'UP','rtt_ms':-1}"),
        Arguments.of(
            SampleEvents.LINK_UP, "link.up", "{'peer':'cn','previous':'DOWN','rtt_ms':12}"),
        Arguments.of(
            SampleEvents.LINK_BLOCKED,
            "link.blocked",
            "{'peer':'cn','direction':'OUTGOING','problem':'bad-signature',"
                + "'detail':'cn refused: bad signature','since':'2026-11-29T00:27:43.744Z'}"),
        Arguments.of(
            SampleEvents.LINK_UNBLOCKED,
            "link.unblocked",
            "{'peer':'cn','direction':'OUTGOING','problem':'bad-signature',"
                + "'detail':'cn refused: bad signature'}"),
        Arguments.of(
            SampleEvents.DEADLINE_ALARM,
            "deadline.escalation",
            "{'type':'deadline.escalation','notification':9,'node':'us','side':'receiving',"
                + "'peer':'cn','message':'"
                + M
                + "','precedence':'FLASH','status':'ACTUAL',"
                + "'created':'2026-11-29T00:27:43.744Z','deadline':'2026-11-29T00:28:43.744Z',"
                + "'level':2,'loop':1,'raised_at':'2026-11-29T00:28:44.744Z'}"),
        Arguments.of(
            SampleEvents.LINK_ESCALATED,
            "link.escalation",
            "{'type':'link.escalation','node':'us','peer':'cn','state':'BLOCKED',"
                + "'direction':'OUTGOING','problem':'bad-signature',"
                + "'detail':'cn refused: bad signature','since':'2026-11-29T00:27:43.744Z',"
                + "'level':1,'loop':1,'raised_at':'2026-11-29T00:27:43.744Z'}"),
        Arguments.of(
            SampleEvents.COMMITMENT_OVERDUE,
            "commitment.overdue",
            "{'type':'commitment.overdue','node':'us','peer':'cn','commitment':'"
                + M
                + "','owed_by':'cn','owed_to':'us','due':'2026-11-29T00:27:43.744Z',"
                + "'level':2,'loop':1,'raised_at':'2026-11-29T00:37:43.744Z'}"),
        Arguments.of(
            SampleEvents.COMMITMENT_NOTIFICATION_FAILED,
            "notify.failed",
            "{'peer':'cn','commitment':'"
                + M
                + "','kind':'commitment.overdue','level':2,'target':'user alice',"
                + "'attempts':5,'error':'no console user alice'}"),
        Arguments.of(
            SampleEvents.NOTIFICATION_FAILED,
            "notify.failed",
            "{'notification':9,'message':'"
                + M
                + "','kind':'deadline.escalation',"
                + "'target':'webhook https://hooks.example/hotline','attempts':5,"
                + "'error':'https://hooks.example/hotline answered HTTP 503'}"),
        Arguments.of(
            SampleEvents.LINK_NOTIFICATION_FAILED,
            "notify.failed",
            "{'peer':'cn','kind':'link.escalation','level':1,'target':'user alice',"
                + "'attempts':5,'error':'no console user alice'}"),
        Arguments.of(
            SampleEvents.RELEASE_HELD, "console.release", "{'release':12,'state':'PENDING'}"),
        Arguments.of(
            SampleEvents.ALERT_POSTED,
            "alert.posted",
            "{'alert':3,'notification':9,'addressee':'user alice','type':'deadline.escalation',"
                + "'message':'"
                + M
                + "','precedence':'FLASH'}"),
        Arguments.of(
            SampleEvents.ALERT_ACKNOWLEDGED,
            "alert.acknowledged",
            "{'alert':3,'notification':9,'addressee':'user alice','type':'deadline.escalation',"
                + "'message':'"
                + M
                + "','precedence':'FLASH','by':'alice'}"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("events")
  void each_event_has_its_name_and_fields(Event event, String type, String data) throws Exception {
    assertThat(EventJson.type(event)).isEqualTo(type);
    assertThat(json(EventJson.data(event))).isEqualTo(JSON.readTree(data.replace('\'', '"')));
  }

  @Test
  void every_kind_of_event_is_in_the_table() {
    Set<Class<?>> tabled =
        events().map(arguments -> arguments.get()[0].getClass()).collect(Collectors.toSet());
    assertThat(tabled).containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
  }

  @Test
  void the_stream_sends_id_type_time_and_data_in_that_order() throws Exception {
    String sent =
        JSON.writeValueAsString(
            EventJson.of(new Published(7, SampleEvents.AT, SampleEvents.LINK_RECEIPT)));

    assertThat(sent)
        .isEqualTo(
            "{\"id\":7,\"type\":\"link.receipt\",\"at\":\"2026-11-29T00:27:43.744Z\","
                + "\"data\":{\"peer\":\"cn\",\"delivered_up_to\":3}}");
  }

  @Test
  void fields_come_in_a_fixed_order() {
    assertThat(EventJson.data(SampleEvents.MESSAGE_RECEIVED).keySet())
        .containsExactly("id", "from", "precedence", "status", "subject");
  }

  /** The data as a program reads it: serialized and parsed again. */
  private static JsonNode json(Object data) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(data));
  }
}
