using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Snapshots;
using Npgsql;

namespace DriftAnalyzers.Cli
{
    internal static class ExitCodes
    {
        public const int InSync = 0;
        public const int Drift = 1;
        public const int Error = 2;
    }

    public static class Program
    {
        /// <summary>
        /// SIGINT (Ctrl-C), SIGTERM and SIGHUP cancel the run instead of ending the process, so a temporary output file is
        /// removed and the target left as it was; a second signal ends the process at once.
        /// </summary>
        public static async Task<int> Main(string[] args)
        {
            using var cancellation = new CancellationTokenSource();
            void OnSignal(PosixSignalContext context)
            {
                if (!cancellation.IsCancellationRequested)
                {
                    context.Cancel = true;
                    cancellation.Cancel();
                }
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            // Console.Out ignores EPIPE; a stream over file descriptor 1 reports it (the runtime ignores SIGPIPE).
            using var stdout = OperatingSystem.IsWindows()
                ? Console.Out
                : new StreamWriter(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
            try
            {
                return await RunAsync(args, stdout, Console.Error, Environment.GetEnvironmentVariable, cancellation.Token);
            }
            finally
            {
                try
                {
                    await stdout.FlushAsync();
                }
                catch (IOException)
                {
                }
            }
        }

        /// <summary>The whole CLI, with its streams and environment injectable so tests run it in process.</summary>
        public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken cancellationToken)
        {
            var cli = new DriftCli(stdout, stderr, environment);
            var parseResult = cli.Root.Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                // One line: the first error (a mistyped option also leaves its value unmatched: that error says nothing more).
                var command = parseResult.CommandResult.Command;
                string help = "drift " + (command == cli.Root ? string.Empty : command.Name + " ") + "--help";
                await stderr.WriteLineAsync("drift: error: " + (MistypedOption(parseResult) ?? WithoutArguments(parseResult.Errors[0].Message, args, cli.Root)) + " (see '" + help + "')");
                return ExitCodes.Error;
            }

            // The signals above are drift's own: System.CommandLine's handling of them (a second SIGINT handler that gives the
            // command 2 s before it ends the invocation itself) stays off, so one handler decides what a signal does.
            int exit = await parseResult.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }, cancellationToken);
            if (parseResult.Action is System.CommandLine.Help.HelpAction && cli.Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                await stdout.WriteAsync("Examples:" + Environment.NewLine + string.Concat(examples.Select(e => "  " + e + Environment.NewLine)) + Environment.NewLine);
            }

            return exit;
        }

        /// <summary>
        /// "unknown option '--conection'; did you mean '--connection'?" for the first unmatched argument that starts with a
        /// dash and is close to an option of the command; null when there is none. Only a near miss of an option's name is
        /// quoted: anything else may be a piece of a connection string.
        /// </summary>
        private static string? MistypedOption(ParseResult parseResult)
        {
            var names = new List<string>();
            for (var result = parseResult.CommandResult; result != null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            {
                foreach (var option in result.Command.Options)
                {
                    if (result == parseResult.CommandResult || option.Recursive)
                    {
                        names.Add(option.Name);
                        names.AddRange(option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
                    }
                }
            }

            foreach (string token in parseResult.UnmatchedTokens)
            {
                if (token.StartsWith('-') && DidYouMean.Closest(token, names) is { } option)
                {
                    return "unknown option '" + token + "'; did you mean '" + option + "'?";
                }
            }

            return null;
        }

        /// <summary>
        /// A usage error without the arguments it quotes, unless they are the name of a command or option: a connection
        /// string that the shell split at a space ("Password=two words") makes the password's tail an argument of its own.
        /// </summary>
        internal static string WithoutArguments(string message, string[] args, Command root)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<Command>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var command = pending.Pop();
                names.Add(command.Name);
                foreach (var option in command.Options)
                {
                    names.Add(option.Name);
                    names.UnionWith(option.Aliases);
                }

                foreach (var sub in command.Subcommands)
                {
                    pending.Push(sub);
                }
            }

            for (int i = 0; i < args.Length; i++)
            {
                if (args[i].Length > 0 && !names.Contains(args[i]))
                {
                    message = message.Replace("'" + args[i] + "'", "#" + (i + 1).ToString(CultureInfo.InvariantCulture) + " (not shown)", StringComparison.Ordinal)
                        .Replace(args[i], "(not shown)", StringComparison.Ordinal);
                }
            }

            return message;
        }
    }

    internal sealed class DriftCli
    {
        private readonly TextWriter stdout;
        private readonly TextWriter stderr;
        private readonly Func<string, string?> environment;
        private bool verboseOutput;

        private readonly Option<string?> connection = new("--connection", "-c")
        {
            Description = "Npgsql connection string or postgresql:// URI; without it the PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGPASSFILE environment variables apply, as for psql.",
        };

        private readonly Option<string> lockWait = new("--lock-wait-timeout")
        {
            Description = "How long to wait for a lock on a table another session changes (e.g. an uncommitted ALTER TABLE) before failing: 10s, 500ms, 2min, or milliseconds. Default: 10s.",
            DefaultValueFactory = _ => "10s",
        };

        private readonly Option<bool> verbose = new("--verbose")
        {
            Description = "Show how long each phase takes, and stack traces of errors.",
            Recursive = true,
        };

        private readonly Option<bool> quiet = new("--quiet", "-q")
        {
            Description = "Print no progress lines on standard error; warnings and errors still appear.",
            Recursive = true,
        };

        private bool quietOutput;

        public DriftCli(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
        {
            this.stdout = stdout;
            this.stderr = stderr;
            this.environment = environment;

            var output = new Option<string>("--output", "-o")
            {
                Description = "The snapshot file to write, e.g. schema-snapshots/app.json ('-' for standard output). Written atomically.",
                Required = true,
            };
            var schemas = new Option<string[]>("--schema")
            {
                Description = "Limit the snapshot to this schema (repeatable). Default: every non-system schema.",
            };
            var excludes = new Option<string[]>("--exclude-table")
            {
                Description = "Leave out tables and views matching this pattern (repeatable): 'name', 'schema.name', with * and ? wildcards.",
            };
            var snapshot = new Command("snapshot", "Read the live database catalog and write a deterministic JSON snapshot.")
            {
                connection, output, schemas, excludes, lockWait,
            };
            Examples[snapshot] = new[]
            {
                "drift snapshot -c \"Host=db;Database=app;Username=app_ro\" -o schema-snapshots/app.json",
                "PGHOST=db PGDATABASE=app PGUSER=app_ro drift snapshot -o schema-snapshots/app.json",
                "drift snapshot -c \"$DATABASE_URL\" -o - --schema public --exclude-table '__EFMigrationsHistory'",
            };
            snapshot.SetAction((parse, token) => Guard(parse, async target =>
            {
                var filter = new SnapshotFilter(Sorted(parse.GetValue(schemas)), Sorted(parse.GetValue(excludes)));
                TablePattern.ParseAll(filter.ExcludeTables);
                foreach (string schema in filter.Schemas)
                {
                    // PostgreSQL reserves the pg_ prefix for system schemas: no user schema has it.
                    if (schema == "information_schema" || schema.StartsWith("pg_", StringComparison.Ordinal))
                    {
                        throw new DriftException("--schema " + schema + ": a system schema; drift snapshots the schemas of applications (every one but pg_catalog, information_schema, pg_toast and pg_temp when no --schema is given)");
                    }
                }

                string path = parse.GetValue(output)!;

                var stopwatch = Stopwatch.StartNew();
                var (taken, _) = await TakeAsync(target, filter, LockWait(parse), missingSchemasAreDrift: false, token);
                var phase = Stopwatch.StartNew();
                string text = SnapshotWriter.Write(taken);
                await Detail("formatted " + text.Length.ToString(CultureInfo.InvariantCulture) + " characters", phase);
                if (path == "-")
                {
                    await WriteToStandardOutput(text);
                }
                else
                {
                    // As dotnet ef creates Migrations/: the folder is made once the snapshot is read, so a failed run leaves none.
                    string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                    try
                    {
                        Directory.CreateDirectory(folder);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new DriftException("cannot create the output folder '" + folder + "': " + FirstLine(e.Message), e);
                    }

                    OutputFile.WriteAtomically(path, text, token);
                }

                await Detail("wrote the file", phase);
                await Progress("wrote " + (path == "-" ? "standard output" : path) + ": " + Summary(taken) + " in " + stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
                if (taken.Tables.Count == 0 && taken.Views.Count == 0)
                {
                    await Warn("the snapshot holds no table or view: is " + taken.Database + " the application's database"
                        + (filter.Schemas.Count > 0 ? ", and are the schemas " + string.Join(", ", filter.Schemas) + " right" : string.Empty)
                        + "? (Run its migrations first, or point --connection at the database they created.)");
                }

                return ExitCodes.InSync;
            }));

            var file = new Argument<string>("FILE") { Description = "The committed snapshot to check." };
            var json = new Option<bool>("--json") { Description = "Print the result as one JSON object (snapshot, database, inSync, differences) for scripts." };
            var verify = new Command("verify", "Compare the live database with a committed snapshot. Exit code 0: in sync, 1: drift, 2: error.")
            {
                connection, file, lockWait, json,
            };
            Examples[verify] = new[]
            {
                "drift verify -c \"$DATABASE_URL\" schema-snapshots/app.json",
                "drift verify -c \"$DATABASE_URL\" --json schema-snapshots/app.json | jq -r '.differences[]'",
            };
            verify.SetAction((parse, token) => Guard(parse, async target =>
            {
                string path = parse.GetValue(file)!;
                var committed = ReadSnapshotFile(path);
                try
                {
                    TablePattern.ParseAll(committed.Filter.ExcludeTables);
                }
                catch (DriftException e)
                {
                    throw new DriftException(path + ": invalid filter in the snapshot: " + e.Message, e);
                }

                var (live, missingSchemas) = await TakeAsync(target, committed.Filter, LockWait(parse), missingSchemasAreDrift: true, token);
                var differences = new List<string>();
                foreach (string schema in missingSchemas)
                {
                    differences.Add("schema " + schema + ", which the snapshot is limited to (--schema), is not in the database");
                }

                differences.AddRange(SnapshotDiff.Compare(committed, live));
                if (parse.GetValue(json))
                {
                    await WriteToStandardOutput(System.Text.Json.JsonSerializer.Serialize(new VerifyResult(path, live.Database, differences.Count == 0, differences), VerifyJson.Default.VerifyResult) + Environment.NewLine);
                    return differences.Count == 0 ? ExitCodes.InSync : ExitCodes.Drift;
                }

                if (differences.Count == 0)
                {
                    await WriteToStandardOutput(path + " is in sync with database " + live.Database + " (" + Summary(live) + ")." + Environment.NewLine);
                    return ExitCodes.InSync;
                }

                var text = new System.Text.StringBuilder();
                text.Append(path + " differs from database " + live.Database + " in " + Count(differences.Count, "place") + ":").Append(Environment.NewLine);
                foreach (string difference in differences)
                {
                    text.Append("  - " + difference).Append(Environment.NewLine);
                }

                text.Append("To record the database as it is (with the same connection): ").Append(SnapshotCommand(path, committed.Filter)).Append(Environment.NewLine)
                    .Append("Or bring the database back in line with the snapshot.").Append(Environment.NewLine);
                await WriteToStandardOutput(text.ToString());
                return ExitCodes.Drift;
            }));

            var sarif = new Option<string[]>("--sarif")
            {
                Description = "The SARIF log of a build: dotnet build -p:ErrorLog=drift.sarif%2Cversion=2.1 (several: one audit of all, e.g. one log per project).",
                Required = true,
                AllowMultipleArgumentsPerToken = true,
            };
            var reportOutput = new Option<string?>("--output", "-o") { Description = "The Markdown file to write (default: standard output)." };
            var report = new Command("report", "Turn a build's SARIF log into a Markdown drift audit: totals by severity, then per rule a table of findings with where they are and their fix.")
            {
                sarif, reportOutput,
            };
            Examples[report] = new[] { "dotnet build -p:ErrorLog=drift.sarif%2Cversion=2.1", "drift report --sarif drift.sarif -o drift-audit.md" };
            report.SetAction(async (parse, token) =>
            {
                quietOutput = parse.GetValue(quiet);
                try
                {
                    var paths = parse.GetValue(sarif)!;
                    var logs = new List<AuditReport.SarifContent>();
                    foreach (string path in paths)
                    {
                        string text;
                        try
                        {
                            text = await File.ReadAllTextAsync(path, token);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            throw new DriftException("cannot read SARIF log '" + path + "': " + e.Message, e);
                        }

                        try
                        {
                            logs.Add(AuditReport.ReadLog(text));
                        }
                        catch (DriftException e) when (paths.Length > 1)
                        {
                            throw new DriftException(path + ": " + e.Message, e);
                        }
                    }

                    var log = AuditReport.Merge(logs);
                    var findings = log.Findings;
                    string? target = parse.GetValue(reportOutput);
                    string linkFrom = target is null or "-" ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(target))!;
                    string markdown = AuditReport.Write(findings, log.Rules, paths.Select(Path.GetFileName).ToList()!, linkFrom, log.Tools, log.OtherResults);
                    if (target is not null and not "-")
                    {
                        OutputFile.WriteAtomically(target, markdown, token);
                        await Progress("wrote " + target + ": " + Count(findings.Count, "finding"));
                    }
                    else
                    {
                        await WriteToStandardOutput(markdown);
                    }

                    return ExitCodes.InSync;
                }
                catch (OperationCanceledException)
                {
                    await stderr.WriteLineAsync("drift: cancelled");
                    return ExitCodes.Error;
                }
                catch (Exception e)
                {
                    // Whatever the log holds, one line and exit 2: exit 1 means drift.
                    await stderr.WriteLineAsync("drift: error: " + e switch
                    {
                        DriftException => FirstLine(e.Message),
                        System.Text.Json.JsonException => "invalid SARIF log: " + FirstLine(e.Message),
                        _ => "unexpected " + e.GetType().Name + " reading the SARIF log: " + FirstLine(e.Message),
                    });
                    if (parse.GetValue(verbose))
                    {
                        await stderr.WriteLineAsync(e.ToString());
                    }

                    return ExitCodes.Error;
                }
            });

            Root = new RootCommand(
                "DriftAnalyzers: snapshot a PostgreSQL schema into a committed file (snapshot), check that it is current (verify), "
                + "and turn a build's drift findings into an audit (report)." + Environment.NewLine + Environment.NewLine
                + "Exit codes: 0 written / in sync, 1 drift (verify), 2 error (one line on standard error).")
            {
                snapshot, verify, report, verbose, quiet,
            };
            Examples[Root] = new[]
            {
                "drift snapshot -c \"Host=db;Database=app;Username=app_ro\" -o schema-snapshots/app.json",
                "drift verify -c \"$DATABASE_URL\" schema-snapshots/app.json",
                "drift report --sarif drift.sarif -o drift-audit.md",
            };
        }

        public RootCommand Root { get; }

        /// <summary>Each command's examples, printed after its help (the help's own layout has no place for them).</summary>
        public Dictionary<Command, string[]> Examples { get; } = new();

        /// <summary>The <c>drift snapshot</c> command that records the database as <paramref name="path"/> holds it: same file, same filter.</summary>
        internal static string SnapshotCommand(string path, SnapshotFilter filter)
        {
            var parts = new List<string> { "drift", "snapshot", "-o", ShellQuote(path) };
            foreach (string schema in filter.Schemas)
            {
                parts.Add("--schema");
                parts.Add(ShellQuote(schema));
            }

            foreach (string pattern in filter.ExcludeTables)
            {
                parts.Add("--exclude-table");
                parts.Add(ShellQuote(pattern));
            }

            return string.Join(" ", parts);
        }

        /// <summary>As a POSIX shell reads it: plain when safe, else in single quotes.</summary>
        private static string ShellQuote(string text)
            => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',')
                ? text
                : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private static string[] Sorted(string[]? values)
            => (values ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToArray();

        private static SchemaSnapshot ReadSnapshotFile(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DriftException("cannot read snapshot '" + path + "': " + e.Message, e);
            }

            var result = SnapshotReader.Read(text);
            if (result.Snapshot == null)
            {
                throw new DriftException(path + "(" + result.Line.ToString(CultureInfo.InvariantCulture) + "," + result.Column.ToString(CultureInfo.InvariantCulture) + "): invalid snapshot: " + result.Error);
            }

            return result.Snapshot;
        }

        private TimeSpan LockWait(ParseResult parse)
        {
            string text = parse.GetValue(lockWait) ?? "10s";
            return ParseDuration(text) ?? throw new DriftException("--lock-wait-timeout '" + text + "': expected a duration from 1ms to 1h, e.g. 10s, 500ms, 2min, or a number of milliseconds");
        }

        /// <summary><c>10s</c>, <c>500ms</c>, <c>2min</c>, or milliseconds as PostgreSQL's <c>lock_timeout</c>; 1 ms to 1 h.</summary>
        internal static TimeSpan? ParseDuration(string text)
        {
            string t = text.Trim();
            (string Suffix, double Milliseconds)[] units = { ("ms", 1), ("min", 60_000), ("s", 1000), ("h", 3_600_000) };
            double factor = 1;
            foreach (var (suffix, milliseconds) in units)
            {
                if (t.EndsWith(suffix, StringComparison.Ordinal))
                {
                    t = t.Substring(0, t.Length - suffix.Length).TrimEnd();
                    factor = milliseconds;
                    break;
                }
            }

            if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > 3_600_000)
            {
                return null;
            }

            double total = value * factor;
            return total is < 1 or > 3_600_000 ? null : TimeSpan.FromMilliseconds(total);
        }

        /// <summary>
        /// Writes to standard output and flushes, so that a reader that went away (<c>-o - | head -c 100</c>) is an error
        /// here, not a success: the process's standard output reports EPIPE (see <see cref="Program.Main"/>).
        /// </summary>
        private async Task WriteToStandardOutput(string text)
        {
            try
            {
                await stdout.WriteAsync(text);
                await stdout.FlushAsync();
            }
            catch (IOException e)
            {
                throw new DriftException("cannot write to standard output: " + FirstLine(e.Message) + " (the program reading it stopped before the end)", e);
            }
        }

        private async Task<(SchemaSnapshot Snapshot, string[] MissingSchemas)> TakeAsync(ConnectionTarget target, SnapshotFilter filter, TimeSpan lockWait, bool missingSchemasAreDrift, CancellationToken cancellationToken)
        {
            await Progress("reading the schema of " + target);
            var stopwatch = Stopwatch.StartNew();
            await using var dataSource = target.CreateDataSource();
            await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
            await Detail("connected", stopwatch);
            var rows = await CatalogReader.ReadAsync(db, token => dataSource.OpenConnectionAsync(token).AsTask(), filter.Schemas, lockWait, Progress, cancellationToken);
            await Detail("read the catalog: " + Count(rows.Relations.Count, "relation") + ", " + Count(rows.Columns.Count, "column"), stopwatch);
            if (rows.MissingSchemas.Length > 0 && !missingSchemasAreDrift)
            {
                throw new DriftException("schema \"" + rows.MissingSchemas[0] + "\" does not exist in database \"" + rows.Database + "\"");
            }

            var snapshot = SnapshotBuilder.Build(rows, filter);
            await Detail("built the snapshot", stopwatch);
            return (snapshot, rows.MissingSchemas);
        }

        private Task Progress(string message) => quietOutput ? Task.CompletedTask : stderr.WriteLineAsync("drift: " + message);

        private Task Warn(string message) => stderr.WriteLineAsync("drift: warning: " + message);

        /// <summary>With --verbose: what a phase took, for whoever wonders where the time goes.</summary>
        private Task Detail(string message, Stopwatch stopwatch)
        {
            var elapsed = stopwatch.ElapsedMilliseconds;
            stopwatch.Restart();
            return verboseOutput ? Progress(message + " (" + elapsed.ToString(CultureInfo.InvariantCulture) + " ms)") : Task.CompletedTask;
        }

        private static string Summary(SchemaSnapshot s)
            => Count(s.Tables.Count, "table") + ", " + Count(s.Views.Count, "view") + ", " + Count(s.Enums.Count, "enum") + ", " + Count(s.Domains.Count, "domain")
               + (s.Sequences is { Count: > 0 } sequences ? ", " + Count(sequences.Count, "sequence") : string.Empty);

        private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

        /// <summary>Runs a command: every failure becomes one line on stderr and exit code 2, with no secret in it.</summary>
        private async Task<int> Guard(ParseResult parse, Func<ConnectionTarget, Task<int>> body)
        {
            ConnectionTarget? target = null;
            verboseOutput = parse.GetValue(verbose);
            quietOutput = parse.GetValue(quiet);
            try
            {
                target = ConnectionTarget.Resolve(parse.GetValue(connection), environment);
                return await body(target);
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync("drift: cancelled");
                return ExitCodes.Error;
            }
            catch (Exception e)
            {
                // A safety net only: messages are written not to hold a password in the first place.
                var secrets = new List<string>(ConnectionTarget.PossibleSecrets(parse.GetValue(connection)));
                secrets.Add(target?.Builder.Password ?? string.Empty);
                secrets.Add(environment("PGPASSWORD") ?? string.Empty);
                await stderr.WriteLineAsync("drift: error: " + ConnectionTarget.ScrubSecrets(Describe(e, target), secrets));
                if (parse.GetValue(verbose))
                {
                    await stderr.WriteLineAsync(ConnectionTarget.ScrubSecrets(e.ToString(), secrets));
                }

                return ExitCodes.Error;
            }
        }

        internal static string Describe(Exception e, ConnectionTarget? target)
        {
            string where = target == null ? "the server" : target.Host + ":" + target.Port.ToString(CultureInfo.InvariantCulture);
            return e switch
            {
                DriftException => FirstLine(e.Message),
                PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } =>
                    "authentication failed for user \"" + target?.Username + "\" on " + where,
                PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } pe =>
                    "authentication failed on " + where + ": " + FirstLine(pe.MessageText),
                PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                    "database \"" + target?.Database + "\" does not exist on " + where,
                PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pe =>
                    "permission denied: " + FirstLine(pe.MessageText),
                PostgresException pe => "server error " + pe.SqlState + ": " + FirstLine(pe.MessageText),
                NpgsqlException { InnerException: SocketException se } => "cannot connect to " + where + ": " + FirstLine(se.Message),
                NpgsqlException { InnerException: TimeoutException } => "timed out connecting to " + where,
                NpgsqlException ne when ne.Message.Contains("No password has been provided", StringComparison.Ordinal) =>
                    "authentication failed for user \"" + target?.Username + "\" on " + where
                    + ": the server asks for a password and none was given (--connection, PGPASSWORD or a .pgpass file)",
                NpgsqlException ne => "database error: " + FirstLine(ne.Message),
                IOException or UnauthorizedAccessException => FirstLine(e.Message),
                _ => "unexpected " + e.GetType().Name + ": " + FirstLine(e.Message),
            };
        }

        private static string FirstLine(string text)
        {
            int end = text.AsSpan().IndexOfAny('\r', '\n');
            return end < 0 ? text : text.Substring(0, end);
        }
    }

    /// <summary><c>drift verify --json</c>: what a script needs, in one object.</summary>
    internal sealed record VerifyResult(string Snapshot, string Database, bool InSync, IReadOnlyList<string> Differences);

    [System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
    [System.Text.Json.Serialization.JsonSerializable(typeof(VerifyResult))]
    internal sealed partial class VerifyJson : System.Text.Json.Serialization.JsonSerializerContext
    {
    }
}
