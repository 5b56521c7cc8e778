package org.hotline.crisis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hotline.link.LinkStore;
import org.hotline.link.entry.ChangeEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of computing a link's shared state from its changes (docs/protocol.md §20), as the API
 * and the console do on every request: the fold of every change, and the hashes. Two links: one
 * incident with 10,000 timeline entries from both parties, and 10,000 incidents of three changes
 * each. Run by {@link CrisisStateBenchmarkTest}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CrisisStateBenchmark {
  /** Timeline entries of the one long incident, and incidents of the wide link. */
  static final int SIZE = 10_000;

  @State(Scope.Benchmark)
  public static class LongIncident {
    Parties parties;
    List<LinkStore.ChangeRecord> records;
    long ourSize;
    long theirSize;
    String name;

    @Setup
    public void build() {
      LinkSimulation link = new LinkSimulation(1);
      ChangeEntry open =
          link.us.createUnchecked("incident", "open", Map.of("title", "Long", "severity", 2L));
      name = open.object();
      link.cn.receiveAll();
      for (int i = 1; i < SIZE; i++) {
        LinkSimulation.Side side = i % 2 == 0 ? link.us : link.cn;
        side.changeUnchecked(
            name,
            i % 3 == 0 ? "severity" : "note",
            i % 3 == 0 ? Map.of("severity", 1L + i % 5) : Map.of("text", "Situation note " + i));
        side.other().receiveAll();
      }
      fill(link, this);
    }
  }

  @State(Scope.Benchmark)
  public static class WideLink {
    Parties parties;
    List<LinkStore.ChangeRecord> records;
    long ourSize;
    long theirSize;

    /** The state as a node keeps it between views while neither log grows. */
    SharedState kept;

    @Setup
    public void build() {
      LinkSimulation link = new LinkSimulation(2);
      for (int i = 0; i < SIZE; i++) {
        LinkSimulation.Side side = i % 2 == 0 ? link.us : link.cn;
        ChangeEntry open =
            side.createUnchecked(
                "incident", "open", Map.of("title", "Incident " + i, "severity", 1L + i % 5));
        side.other().receiveAll();
        side.other().changeUnchecked(open.object(), "severity", Map.of("severity", 3L));
        side.receiveAll();
        side.changeUnchecked(open.object(), "state", Map.of("state", "ACTIVE"));
        side.other().receiveAll();
      }
      fill(link, this);
    }
  }

  private static void fill(LinkSimulation link, Object state) {
    link.us.receiveAll();
    link.cn.receiveAll();
    Parties parties = new Parties(LinkSimulation.US, LinkSimulation.CN);
    List<LinkStore.ChangeRecord> records = link.us.records();
    switch (state) {
      case LongIncident incident -> {
        incident.parties = parties;
        incident.records = records;
        incident.ourSize = link.us.size;
        incident.theirSize = link.cn.size;
      }
      case WideLink wide -> {
        wide.parties = parties;
        wide.records = records;
        wide.ourSize = link.us.size;
        wide.theirSize = link.cn.size;
        wide.kept = SharedState.asOf(parties, records, wide.ourSize, wide.theirSize);
      }
      default -> throw new IllegalArgumentException();
    }
  }

  /** Fold one incident of 10,000 changes. */
  @Benchmark
  public SharedState long_incident_fold(LongIncident link) {
    return SharedState.asOf(link.parties, link.records, link.ourSize, link.theirSize);
  }

  /** Fold it and hash it, as the incident's API view does. */
  @Benchmark
  public String long_incident_fold_and_hash(LongIncident link) {
    return SharedState.asOf(link.parties, link.records, link.ourSize, link.theirSize)
        .object(link.name)
        .orElseThrow()
        .stateHash();
  }

  /** Fold 10,000 incidents of three changes. */
  @Benchmark
  public SharedState wide_link_fold(WideLink link) {
    return SharedState.asOf(link.parties, link.records, link.ourSize, link.theirSize);
  }

  /** Fold them and hash the whole link, as the checkpoint exchange and verify do. */
  @Benchmark
  public String wide_link_fold_and_link_hash(WideLink link) {
    return SharedState.asOf(link.parties, link.records, link.ourSize, link.theirSize).stateHash();
  }

  /** Incidents on one page of {@code GET /api/v1/incidents} by default. */
  static final int PAGE = 100;

  /**
   * The incidents list as it was computed on every request: the fold, then every incident's state
   * hash (each row's view carried it), then the sort by last change.
   */
  @Benchmark
  public List<String> wide_link_incidents_list_every_row_hashed(WideLink link) {
    SharedState state = SharedState.asOf(link.parties, link.records, link.ourSize, link.theirSize);
    return state.all(Incident.class).stream()
        .map(incident -> Map.entry(incident.timeline().getLast().at(), incident.stateHash()))
        .sorted(Map.Entry.<java.time.Instant, String>comparingByKey().reversed())
        .limit(PAGE)
        .map(Map.Entry::getValue)
        .toList();
  }

  /**
   * The incidents list now, while neither log has grown since the last view: the kept state, the
   * sort by last change, and the state hashes of one page.
   */
  @Benchmark
  public List<String> wide_link_incidents_page_state_kept(WideLink link) {
    return link.kept.all(Incident.class).stream()
        .sorted(
            java.util.Comparator.comparing(
                    (Incident incident) -> incident.timeline().getLast().at())
                .reversed())
        .limit(PAGE)
        .map(Incident::stateHash)
        .toList();
  }
}
