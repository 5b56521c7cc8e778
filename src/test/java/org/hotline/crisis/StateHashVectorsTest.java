package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.EntryCodec;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of docs/protocol.md §20.6: a short scenario with fixed ids and times, the change
 * entries exactly as the codec writes them, and the canonical JSON and hashes of the state both
 * nodes compute. The document prints these same strings; if the rules or the encoding change, this
 * test fails until the document is updated with them.
 */
class StateHashVectorsTest {
  /** Fixed seed: which changes have another entry (a message) before them in their log. */
  private static final long SEED = 20_261_207L;

  private final LinkSimulation link = new LinkSimulation(SEED);
  private final LinkSimulation.Side us = link.us;
  private final LinkSimulation.Side cn = link.cn;

  /** The §20.6 scenario, change by change; returns every change in the order it was made. */
  private List<ChangeEntry> scenario() {
    ChangeEntry open =
        us.create(
            "incident",
            "open",
            Map.of("title", "EXERCISE — Unidentified object at 18 km", "severity", 3L));
    String incident = open.object();
    cn.receiveAll();
    ChangeEntry severity = cn.change(incident, "severity", Map.of("severity", 4L));
    us.receiveAll();
    ChangeEntry active = us.change(incident, "state", Map.of("state", "ACTIVE"));
    ChangeEntry resolved = us.change(incident, "state", Map.of("state", "RESOLVED"));
    ChangeEntry proposeClose = us.change(incident, "propose-close", Map.of());
    cn.receiveAll();
    // Concurrent: cn accepts the closing while us, not having seen that, re-opens.
    ChangeEntry acceptClose = cn.change(incident, "accept-close", Map.of());
    ChangeEntry reopen = us.change(incident, "state", Map.of("state", "ACTIVE"));
    us.receiveAll();
    cn.receiveAll();
    return List.of(open, severity, active, resolved, proposeClose, acceptClose, reopen);
  }

  @Test
  void the_entries_of_the_scenario_are_those_printed_in_the_protocol() {
    List<String> written =
        scenario().stream()
            .map(
                entry ->
                    new String(
                        EntryCodec.encode(entry, EntryCodec.FORMAT_2), StandardCharsets.UTF_8))
            .toList();

    assertThat(written).containsExactly(ENTRIES);
  }

  @Test
  void both_nodes_compute_the_incident_and_hashes_printed_in_the_protocol() {
    String incident = scenario().get(0).object();

    for (LinkSimulation.Side side : List.of(us, cn)) {
      SharedState state = side.state();
      SharedObject object = state.object(incident).orElseThrow();
      assertThat(new String(StateHash.canonicalJson(object.canonical()), StandardCharsets.UTF_8))
          .isEqualTo(CANONICAL);
      assertThat(object.stateHash()).isEqualTo(OBJECT_HASH);
      assertThat(state.stateHash()).isEqualTo(LINK_HASH);
    }
  }

  @Test
  void the_object_hash_is_the_sha_256_of_the_canonical_json() throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(CANONICAL.getBytes(StandardCharsets.UTF_8));

    assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(OBJECT_HASH);
  }

  @Test
  void the_link_hash_is_the_sha_256_of_the_object_hashes_by_name_and_no_refused_change() {
    String incident = scenario().get(0).object();
    String linkJson = "{\"objects\":{\"" + incident + "\":\"" + OBJECT_HASH + "\"},\"refused\":[]}";

    assertThat(StateHash.of(Map.of("objects", Map.of(incident, OBJECT_HASH), "refused", List.of())))
        .isEqualTo(LINK_HASH);
    assertThat(
            new String(
                StateHash.canonicalJson(
                    Map.of("objects", Map.of(incident, OBJECT_HASH), "refused", List.of())),
                StandardCharsets.UTF_8))
        .isEqualTo(linkJson);
  }

  /** The changes as the codec writes them (§3.2), in the order they were made. */
  @Test
  void the_protocol_document_prints_these_vectors() throws Exception {
    String protocol = java.nio.file.Files.readString(java.nio.file.Path.of("docs/protocol.md"));

    assertThat(protocol).contains(ENTRIES).contains(CANONICAL, OBJECT_HASH, LINK_HASH);
  }

  private static final String[] ENTRIES = {
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":1,\"from\":\"us\",\"to\":\"cn\",\"id\":\"01a24fbb-3a80-7001-8000-000000000001\",\"created\":\"2026-12-07T09:00:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"open\",\"seen\":0,\"by\":\"officer us\",\"data\":{\"severity\":3,\"title\":\"EXERCISE — Unidentified object at 18 km\"}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/cn/us\",\"seq\":2,\"from\":\"cn\",\"to\":\"us\",\"id\":\"01a24fbc-24e0-7002-8000-000000000002\",\"created\":\"2026-12-07T09:01:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"severity\",\"seen\":1,\"by\":\"officer cn\",\"data\":{\"severity\":4}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":2,\"from\":\"us\",\"to\":\"cn\",\"id\":\"01a24fbd-0f40-7003-8000-000000000003\",\"created\":\"2026-12-07T09:02:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"state\",\"seen\":2,\"by\":\"officer us\",\"data\":{\"state\":\"ACTIVE\"}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":4,\"from\":\"us\",\"to\":\"cn\",\"id\":\"01a24fbd-f9a0-7004-8000-000000000004\",\"created\":\"2026-12-07T09:03:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"state\",\"seen\":2,\"by\":\"officer us\",\"data\":{\"state\":\"RESOLVED\"}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":5,\"from\":\"us\",\"to\":\"cn\",\"id\":\"01a24fbe-e400-7005-8000-000000000005\",\"created\":\"2026-12-07T09:04:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"propose-close\",\"seen\":2,\"by\":\"officer us\",\"data\":{}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/cn/us\",\"seq\":4,\"from\":\"cn\",\"to\":\"us\",\"id\":\"01a24fbf-ce60-7006-8000-000000000006\",\"created\":\"2026-12-07T09:05:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"accept-close\",\"seen\":5,\"by\":\"officer cn\",\"data\":{}}",
    "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":6,\"from\":\"us\",\"to\":\"cn\",\"id\":\"01a24fc0-b8c0-7007-8000-000000000007\",\"created\":\"2026-12-07T09:06:00Z\",\"object\":\"incident/01a24fbb-3a80-7001-8000-000000000001\",\"op\":\"state\",\"seen\":2,\"by\":\"officer us\",\"data\":{\"state\":\"ACTIVE\"}}"
  };

  /** The incident's state in RFC 8785 JSON, as both nodes compute it. */
  private static final String CANONICAL =
      "{\"channel\":\"general\",\"close_proposed_by\":null,\"commitments\":[],\"created_by\":\"us\",\"id\":\"01a24fbb-3a80-7001-8000-000000000001\",\"lead\":{},\"messages\":[],\"scribe\":{},\"severity\":4,\"severity_by_party\":{\"cn\":4,\"us\":3},\"state\":\"ACTIVE\",\"summary\":\"\",\"timeline\":[{\"at\":\"2026-12-07T09:00:00Z\",\"by\":\"officer us\",\"crossed_with\":[],\"data\":{\"severity\":3,\"title\":\"EXERCISE — Unidentified object at 18 km\"},\"id\":\"01a24fbb-3a80-7001-8000-000000000001\",\"log\":\"hotline/us/cn\",\"op\":\"open\",\"outcome\":\"applied\",\"party\":\"us\",\"seq\":1},{\"at\":\"2026-12-07T09:01:00Z\",\"by\":\"officer cn\",\"crossed_with\":[],\"data\":{\"severity\":4},\"id\":\"01a24fbc-24e0-7002-8000-000000000002\",\"log\":\"hotline/cn/us\",\"op\":\"severity\",\"outcome\":\"applied\",\"party\":\"cn\",\"seq\":2},{\"at\":\"2026-12-07T09:02:00Z\",\"by\":\"officer us\",\"crossed_with\":[],\"data\":{\"state\":\"ACTIVE\"},\"id\":\"01a24fbd-0f40-7003-8000-000000000003\",\"log\":\"hotline/us/cn\",\"op\":\"state\",\"outcome\":\"applied\",\"party\":\"us\",\"seq\":2},{\"at\":\"2026-12-07T09:03:00Z\",\"by\":\"officer us\",\"crossed_with\":[],\"data\":{\"state\":\"RESOLVED\"},\"id\":\"01a24fbd-f9a0-7004-8000-000000000004\",\"log\":\"hotline/us/cn\",\"op\":\"state\",\"outcome\":\"applied\",\"party\":\"us\",\"seq\":4},{\"at\":\"2026-12-07T09:04:00Z\",\"by\":\"officer us\",\"crossed_with\":[],\"data\":{},\"id\":\"01a24fbe-e400-7005-8000-000000000005\",\"log\":\"hotline/us/cn\",\"op\":\"propose-close\",\"outcome\":\"applied\",\"party\":\"us\",\"seq\":5},{\"at\":\"2026-12-07T09:05:00Z\",\"by\":\"officer cn\",\"crossed_with\":[],\"data\":{},\"id\":\"01a24fbf-ce60-7006-8000-000000000006\",\"log\":\"hotline/cn/us\",\"op\":\"accept-close\",\"outcome\":\"applied\",\"party\":\"cn\",\"seq\":4},{\"at\":\"2026-12-07T09:06:00Z\",\"by\":\"officer us\",\"crossed_with\":[\"01a24fbf-ce60-7006-8000-000000000006\"],\"data\":{\"state\":\"ACTIVE\"},\"id\":\"01a24fc0-b8c0-7007-8000-000000000007\",\"log\":\"hotline/us/cn\",\"op\":\"state\",\"outcome\":\"crossed\",\"party\":\"us\",\"seq\":6}],\"title\":\"EXERCISE — Unidentified object at 18 km\",\"type\":\"incident\"}";

  private static final String OBJECT_HASH =
      "e9e52caaec49cad566d279eaa1e7bc41022914bf54dfbfdb01ae1c26898d9b6a";
  private static final String LINK_HASH =
      "38afcb396362762c7802af995a7ee58a34abc249bffe3e0f52676713cc9e4116";
}
