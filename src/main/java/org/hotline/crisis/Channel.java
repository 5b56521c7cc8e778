package org.hotline.crisis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.text.TextPolicy;

/**
 * A channel of the link (docs/crisis.md, channels; docs/protocol.md §20.9): a named stream of
 * messages whose settings both parties agreed, and which either party may suspend for its own
 * receiving side. Named by a word, not created by a change: the {@link #DEFAULTS} exist on every
 * link, another exists once a proposal of its settings is accepted. Its state enters the link's
 * hash only once a change names it.
 *
 * <p>Each party also adopts here the notification templates it reads on its own receiving side
 * (docs/crisis.md §6a, docs/notifications.md): op {@code adopt} carries the template's canonical
 * text, op {@code withdraw} names one adopted by its id and version. A formatted notification on
 * the channel is sent only against a template its receiver adopted there.
 */
public final class Channel extends SharedObject {
  /** A channel's description: one line, enough for a sentence or two. */
  public static final int DESCRIPTION_CHARS_MAX = 500;

  /**
   * An adopted template travels whole as one string argument of its change, so its canonical text
   * is at most what a change's string holds (16,384 characters).
   */
  public static final int TEMPLATE_CHARS_MAX = org.hotline.link.entry.ChangeEntry.STRING_CHARS_MAX;

  /**
   * Templates one party may have adopted on one channel at a time: a form per kind of event and a
   * few versions of each; more is a mistake, and each is checked for every notification.
   */
  public static final int ADOPTED_MAX = 64;

  /** A suspension's reason: a short paragraph. */
  public static final int REASON_CHARS_MAX = 2000;

  /** A channel's own deadline: at most a week, the longest the link's table allows in practice. */
  public static final long DEADLINE_SECONDS_MAX = 7 * 24 * 3600L;

  /** The channels every link has, with their descriptions, without any change. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("leaders", "Between the heads of government and their offices");
    defaults.put("military", "Between the defence ministries and military staffs");
    defaults.put("consular", "Consular matters: detained or endangered nationals, access");
    defaults.put("notifications", "Notifications agreed between the parties, such as launches");
    defaults.put("general", "Everything else; a message that names no channel is on it");
    return Collections.unmodifiableMap(defaults);
  }

  /** The channel of a message that names none. */
  public static final String GENERAL = "general";

  /** A channel's settings, always complete: a proposal replaces them all, never patches. */
  public record Settings(
      String description,
      List<Precedence> precedences,
      Map<Precedence, Duration> deadlines,
      boolean suspendable) {
    public Settings {
      precedences = List.copyOf(precedences);
      Map<Precedence, Duration> copy = new EnumMap<>(Precedence.class);
      copy.putAll(deadlines);
      deadlines = Collections.unmodifiableMap(copy);
    }

    /** The settings of a default channel: every precedence, the link's deadlines, suspendable. */
    static Settings defaults(String description) {
      return new Settings(description, List.of(Precedence.values()), Map.of(), true);
    }

    /** The settings as a change carries them (its {@code data}) and as they are hashed. */
    public Map<String, Object> data() {
      Map<String, Object> data = new TreeMap<>();
      data.put("description", description);
      data.put("precedences", precedences.stream().map(Precedence::name).toList());
      if (!deadlines.isEmpty()) {
        data.put(
            "deadlines",
            deadlines.entrySet().stream()
                .map(e -> e.getKey().name() + "=" + e.getValue().toSeconds())
                .toList());
      }
      data.put("suspendable", Boolean.toString(suspendable));
      return data;
    }

    /** The settings as they enter the state hash and the views. */
    public Map<String, Object> canonical() {
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("description", description);
      shown.put("precedences", precedences.stream().map(Precedence::name).toList());
      Map<String, Object> table = new TreeMap<>();
      deadlines.forEach(
          (precedence, deadline) -> table.put(precedence.name(), deadline.toSeconds()));
      shown.put("deadlines", table);
      shown.put("suspendable", suspendable);
      return shown;
    }

    /** Reads the settings a {@code propose} change carries; throws {@link Refused} naming one. */
    static Settings of(Map<String, Object> data) {
      Args args = Args.of(data, Set.of("description", "precedences", "deadlines", "suspendable"));
      String description = args.text("description", DESCRIPTION_CHARS_MAX, TextPolicy.Lines.ONE);
      List<Precedence> precedences = precedences(data.get("precedences"));
      Map<Precedence, Duration> deadlines = deadlines(data.get("deadlines"), precedences);
      String suspendable = args.word("suspendable", Set.of("true", "false"));
      return new Settings(description, precedences, deadlines, Boolean.parseBoolean(suspendable));
    }

    private static List<Precedence> precedences(Object value) {
      String rule =
          "precedences: a non-empty list of FLASH, IMMEDIATE, PRIORITY, ROUTINE, each once, in"
              + " that order";
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        throw new Refused("precedences", rule);
      }
      List<Precedence> precedences = new ArrayList<>();
      for (Object item : list) {
        Precedence precedence = precedence(item, "precedences", rule);
        if (!precedences.isEmpty()
            && precedence.rank() <= precedences.get(precedences.size() - 1).rank()) {
          throw new Refused("precedences", rule);
        }
        precedences.add(precedence);
      }
      return precedences;
    }

    private static Map<Precedence, Duration> deadlines(Object value, List<Precedence> precedences) {
      Map<Precedence, Duration> deadlines = new EnumMap<>(Precedence.class);
      if (value == null) {
        return deadlines;
      }
      String rule =
          "deadlines: a list such as [\"FLASH=600\"], seconds 1 to "
              + DEADLINE_SECONDS_MAX
              + ", one per allowed precedence, in precedence order";
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        throw new Refused("deadlines", rule);
      }
      Precedence last = null;
      for (Object item : list) {
        if (!(item instanceof String text) || text.indexOf('=') < 1) {
          throw new Refused("deadlines", rule);
        }
        Precedence precedence = precedence(text.substring(0, text.indexOf('=')), "deadlines", rule);
        String digits = text.substring(text.indexOf('=') + 1);
        if (!precedences.contains(precedence)
            || (last != null && precedence.rank() <= last.rank())
            || !digits.matches("[1-9][0-9]{0,6}")
            || Long.parseLong(digits) > DEADLINE_SECONDS_MAX) {
          throw new Refused("deadlines", rule);
        }
        deadlines.put(precedence, Duration.ofSeconds(Long.parseLong(digits)));
        last = precedence;
      }
      return deadlines;
    }

    private static Precedence precedence(Object item, String name, String rule) {
      for (Precedence precedence : Precedence.values()) {
        if (precedence.name().equals(item)) {
          return precedence;
        }
      }
      throw new Refused(name, rule);
    }
  }

  /** One party's suspension of the channel for its receiving side. */
  public record Suspension(String reason, MessageId change, Instant since) {}

  /** A proposal of settings, open until accepted or superseded. */
  public record Proposal(MessageId id, PartyId party, Settings settings) {}

  private final String channel;
  private boolean exists;
  private Settings settings;
  private Proposal proposal;
  private final Map<PartyId, Suspension> suspendedBy = new TreeMap<>();

  /** The templates each party adopted for its receiving side, in the order it adopted them. */
  private final Map<PartyId, List<org.hotline.notice.Template>> adoptedBy = new TreeMap<>();

  /**
   * Every template ever adopted here, withdrawn ones included, by hash: what a notification sent
   * before a withdrawal is still read against. Derived from the changes; not hashed apart.
   */
  final Map<String, org.hotline.notice.Template> everAdopted = new LinkedHashMap<>();

  /**
   * The suspend and resume changes applied, in merge order: what {@link SharedState#arrival} reads.
   */
  final List<Change> switches = new ArrayList<>();

  /** The channel {@code name} as it stands before any change: a default one, or none yet. */
  Channel(Parties parties, String name) {
    super(parties, null);
    this.channel = name;
    String description = DEFAULTS.get(name);
    this.exists = description != null;
    this.settings = exists ? Settings.defaults(description) : null;
  }

  /** Whether {@code name} is a channel's name: a lower-case word of up to 32 characters. */
  public static boolean isName(String name) {
    return name != null && Words.CHANNEL.matcher(name).matches();
  }

  @Override
  public ObjectType type() {
    return ObjectType.CHANNEL;
  }

  /** A channel has no id: it is named by its word. */
  @Override
  public MessageId id() {
    throw new UnsupportedOperationException("a channel is named, not numbered: " + name());
  }

  @Override
  public String name() {
    return ObjectType.CHANNEL.wire() + "/" + channel;
  }

  /** A channel is created by no one: it exists by default or by both parties' agreement. */
  @Override
  public PartyId createdBy() {
    throw new UnsupportedOperationException("no one creates " + name());
  }

  @Override
  SharedObject fresh() {
    return new Channel(parties, channel);
  }

  @Override
  void check(Change change, Links links) {
    PartyId party = change.party();
    Map<String, Object> data = change.entry().data();
    switch (change.entry().op()) {
      case "propose" -> Settings.of(data);
      case "accept" -> {
        MessageId id = Args.of(data, Set.of("proposal")).id("proposal");
        if (proposal == null || !proposal.id().equals(id)) {
          throw new Refused(
              "proposal", "proposal: " + id + " is not the open proposal of " + name());
        }
        if (proposal.party().equals(party)) {
          throw new Refused("only " + parties.other(party) + ", who did not propose, can accept");
        }
      }
      case "suspend" -> {
        Args.of(data, Set.of("reason")).text("reason", REASON_CHARS_MAX, TextPolicy.Lines.MULTI);
        if (!exists) {
          throw new Refused("no channel " + channel + " on the link");
        }
        if (!settings.suspendable()) {
          throw new Refused("the parties agreed that " + channel + " cannot be suspended");
        }
        if (suspendedBy.containsKey(party)) {
          throw new Refused(party + " has already suspended " + channel);
        }
      }
      case "resume" -> {
        Args.of(data, Set.of("reason"))
            .optionalText("reason", REASON_CHARS_MAX, TextPolicy.Lines.MULTI, "");
        if (!suspendedBy.containsKey(party)) {
          throw new Refused(party + " has not suspended " + channel);
        }
      }
      case "adopt" -> checkAdopt(party, data);
      case "withdraw" -> adoptedOf(party, data);
      default -> throw new Refused("a channel has no operation '" + change.entry().op() + "'");
    }
  }

  /**
   * An adoption is valid on a channel the link has, of a template {@link
   * org.hotline.notice.Template#parse} accepts, given in its canonical form, that its author has
   * not adopted here already in that version.
   */
  private void checkAdopt(PartyId party, Map<String, Object> data) {
    org.hotline.notice.Template template = adoptable(data);
    if (!exists) {
      throw new Refused("no channel " + channel + " on the link");
    }
    List<org.hotline.notice.Template> adopted = adoptedBy.getOrDefault(party, List.of());
    for (org.hotline.notice.Template held : adopted) {
      if (held.id().equals(template.id()) && held.version() == template.version()) {
        throw new Refused(
            party
                + " has already adopted "
                + template.id()
                + " version "
                + template.version()
                + " on "
                + channel);
      }
    }
    if (adopted.size() >= ADOPTED_MAX) {
      throw new Refused(party + " has adopted " + ADOPTED_MAX + " templates on " + channel);
    }
  }

  /** The template an {@code adopt} change carries; throws {@link Refused} naming what is wrong. */
  static org.hotline.notice.Template adoptable(Map<String, Object> data) {
    String text =
        Args.of(data, Set.of("template"))
            .text("template", TEMPLATE_CHARS_MAX, TextPolicy.Lines.MULTI);
    org.hotline.notice.Template template;
    try {
      template = org.hotline.notice.Template.parse(text);
    } catch (org.hotline.InvalidInputException e) {
      throw new Refused("template", "template: " + Args.clip(e.field()) + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // A template's own rules refuse what would recurse deeply; should a reading still throw,
      // the adoption is refused, never the fold that reads it: that would stop the link.
      throw new Refused("template", "template: not a template");
    }
    if (!org.hotline.link.entry.TemplateRef.isId(template.id()) || template.version() < 1) {
      throw new Refused(
          "template",
          "template: x-template must name an id (a lower-case word) and a version from 1");
    }
    if (!template.canonical().equals(text)) {
      throw new Refused(
          "template", "template: must be given in its canonical form (RFC 8785 JSON)");
    }
    return template;
  }

  /** The template a {@code withdraw} change names among those {@code party} adopted. */
  private org.hotline.notice.Template adoptedOf(PartyId party, Map<String, Object> data) {
    Args args = Args.of(data, Set.of("template", "version"));
    if (!(data.get("template") instanceof String id)) {
      throw new Refused("template", "template: the id of a template adopted on " + channel);
    }
    long version = args.integer("version", 1, Integer.MAX_VALUE);
    return adoptedBy.getOrDefault(party, List.of()).stream()
        .filter(held -> held.id().equals(id) && held.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new Refused(
                    party
                        + " has not adopted "
                        + Args.clip(id)
                        + " version "
                        + version
                        + " on "
                        + channel));
  }

  @Override
  void apply(Change change) {
    PartyId party = change.party();
    switch (change.entry().op()) {
      case "propose" ->
          proposal = new Proposal(change.entry().id(), party, Settings.of(change.entry().data()));
      case "accept" -> {
        settings = proposal.settings();
        exists = true;
        proposal = null;
      }
      case "suspend" -> {
        suspendedBy.put(
            party,
            new Suspension(
                (String) change.entry().data().get("reason"),
                change.entry().id(),
                change.entry().created()));
        switches.add(change);
      }
      case "resume" -> {
        suspendedBy.remove(party);
        switches.add(change);
      }
      case "adopt" -> {
        org.hotline.notice.Template template = adoptable(change.entry().data());
        adoptedBy.computeIfAbsent(party, ignored -> new ArrayList<>()).add(template);
        everAdopted.putIfAbsent(template.sha256(), template);
      }
      case "withdraw" -> {
        org.hotline.notice.Template withdrawn = adoptedOf(party, change.entry().data());
        List<org.hotline.notice.Template> adopted = adoptedBy.get(party);
        adopted.remove(withdrawn);
        if (adopted.isEmpty()) {
          adoptedBy.remove(party);
        }
      }
      default -> throw new IllegalStateException("checked: " + change.entry().op());
    }
  }

  /**
   * An accept of a proposal superseded meanwhile, or a suspension of a channel agreed meanwhile to
   * be not suspendable: no effect, the agreement stands.
   */
  @Override
  void cross(Change change) {
    // the cautious outcome of every crossing on a channel is no change
  }

  /** A channel has no lifecycle: each party's suspension is its own, and proposals supersede. */
  @Override
  Object lifecycle() {
    return exists;
  }

  @Override
  boolean changesLifecycle(String op) {
    return false;
  }

  @Override
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("exists", exists);
    fields.put("settings", settings == null ? null : settings.canonical());
    Map<String, Object> suspended = new TreeMap<>();
    suspendedBy.forEach(
        (party, suspension) ->
            suspended.put(
                party.value(),
                Map.of(
                    "reason",
                    suspension.reason(),
                    "change",
                    suspension.change().toString(),
                    "since",
                    org.hotline.link.entry.EntryCodec.timestamp(suspension.since()))));
    fields.put("suspended_by", suspended);
    if (!adoptedBy.isEmpty()) {
      // Only once a template is adopted: a link without one hashes as before adoption existed.
      Map<String, Object> adopted = new TreeMap<>();
      adoptedBy.forEach(
          (party, templates) ->
              adopted.put(
                  party.value(),
                  templates.stream()
                      .map(
                          template ->
                              Map.<String, Object>of(
                                  "id",
                                  template.id(),
                                  "version",
                                  template.version(),
                                  "sha256",
                                  template.sha256()))
                      .toList()));
      fields.put("adopted", adopted);
    }
    fields.put(
        "proposal",
        proposal == null
            ? null
            : Map.of(
                "id",
                proposal.id().toString(),
                "party",
                proposal.party().value(),
                "settings",
                proposal.settings().canonical()));
    return fields;
  }

  /** The whole state as it is hashed: type, name, fields, timeline (no id, no creator). */
  @Override
  public Map<String, Object> canonical() {
    return canonicalNamed("name", channel);
  }

  /** The channel's name: {@code military}. */
  public String channel() {
    return channel;
  }

  /** Whether the link has this channel: a default one, or one whose settings were accepted. */
  public boolean exists() {
    return exists;
  }

  /** The agreed settings; empty while the channel does not exist. */
  public Optional<Settings> settings() {
    return Optional.ofNullable(settings);
  }

  /** The open proposal, if any. */
  public Optional<Proposal> proposal() {
    return Optional.ofNullable(proposal);
  }

  /**
   * The templates {@code reader} adopted on this channel for its receiving side, in the order it
   * adopted them.
   */
  public List<org.hotline.notice.Template> adopted(PartyId reader) {
    return List.copyOf(adoptedBy.getOrDefault(reader, List.of()));
  }

  /** Who suspended the channel for their receiving side, with why and since when. */
  public Map<PartyId, Suspension> suspendedBy() {
    return Collections.unmodifiableMap(suspendedBy);
  }
}
