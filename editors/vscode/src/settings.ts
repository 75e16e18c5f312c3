// The server's configuration object, built from the `revlint.*` settings. Sent as
// `initializationOptions` and again in `workspace/didChangeConfiguration` whenever they change.

/// The part of the `revlint` configuration section this needs (a WorkspaceConfiguration fits).
export interface Settings {
  get<T>(section: string): T | undefined;
}

export interface ServerSettings {
  /// null: let revlint.toml or the note decide.
  form: "10-Q" | "10-K" | null;
  /// YYYY-MM-DD, or null: from revlint.toml or the note.
  periodEnd: string | null;
  entity: "public" | "nonpublic";
  rules: Record<string, string>;
  include: string[];
  inlayHints: boolean;
}

const LEVELS = new Set(["error", "warning", "info", "hint", "off"]);

export function serverSettings(config: Settings): ServerSettings {
  const form = config.get<string>("form");
  const entity = config.get<string>("entity");
  const periodEnd = (config.get<string>("periodEnd") ?? "").trim();
  const rules: Record<string, string> = {};
  for (const [rule, level] of Object.entries(config.get<Record<string, unknown>>("rules") ?? {})) {
    // A mistyped level is dropped here rather than sent; the settings editor also flags it.
    if (typeof level === "string" && LEVELS.has(level.toLowerCase())) {
      rules[rule] = level.toLowerCase();
    }
  }
  const include = (config.get<unknown[]>("include") ?? []).filter(
    (glob): glob is string => typeof glob === "string" && glob.trim() !== "",
  );
  return {
    form: form === "10-Q" || form === "10-K" ? form : null,
    periodEnd: /^\d{4}-\d{2}-\d{2}$/.test(periodEnd) ? periodEnd : null,
    entity: entity === "nonpublic" ? "nonpublic" : "public",
    rules,
    include,
    inlayHints: config.get<boolean>("inlayHints") ?? true,
  };
}
