using System;
using System.Collections.Generic;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// An <c>--exclude-table</c> pattern: <c>name</c> (any schema) or <c>schema.name</c>, with <c>*</c> (any run of
    /// characters) and <c>?</c> (one character). As in psql, double quotes make what they enclose literal, so
    /// <c>public."a.b"</c> is the table <c>a.b</c> and <c>"*"</c> a star; <c>""</c> inside quotes is one quote.
    /// A pattern with an unquoted dot matches <c>schema.name</c>: an unquoted dot, <c>?</c> or <c>*</c> matches the dot
    /// between schema and name, a quoted dot only a dot in a name. Unquoted patterns match as they always did
    /// (<c>*.a.b</c> matches the table <c>a.b</c> in any schema); quotes tell <c>a."b.c"</c> from <c>"a.b".c</c>.
    /// <para>
    /// Matching takes at most (pattern length + 1) × (name length + 1) steps: the pattern is a list of segments
    /// between stars, and each segment is found at its leftmost place, never tried again (a leftmost match of each
    /// segment is a match whenever there is one). The backtracking matcher it replaces took exponential time on
    /// <c>*a*a*a*a*a*a*a*a*b</c>, and <c>drift verify</c> reads patterns from the committed snapshot.
    /// </para>
    /// </summary>
    internal sealed class TablePattern
    {
        /// <summary>Stands between schema and name in the subject: no PostgreSQL name holds a NUL.</summary>
        private const char Separator = '\0';

        private const char AnyKind = 'a';
        private const char LiteralKind = 'l';
        private const char DotKind = 'd';

        // Segments between stars; each element is (kind, character).
        private readonly List<(char Kind, char Char)[]> segments;
        private readonly bool anchoredStart;
        private readonly bool anchoredEnd;

        private TablePattern(string text, bool qualified, List<(char Kind, char Char)[]> segments, bool anchoredStart, bool anchoredEnd)
        {
            Text = text;
            Qualified = qualified;
            this.segments = segments;
            this.anchoredStart = anchoredStart;
            this.anchoredEnd = anchoredEnd;
        }

        public string Text { get; }

        /// <summary>Whether the pattern has an unquoted dot, so it matches <c>schema.name</c> rather than the name alone.</summary>
        public bool Qualified { get; }

        /// <summary>Reads a pattern; null and an error for an unterminated quote.</summary>
        public static TablePattern? Parse(string text, out string? error)
        {
            error = null;
            var all = new List<List<(char, char)>> { new List<(char, char)>() };
            bool qualified = false;
            bool quoted = false;
            bool startsWithStar = text.Length > 0 && text[0] == '*';
            bool endsWithStar = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                endsWithStar = false;
                if (c == '"')
                {
                    if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        all[all.Count - 1].Add((LiteralKind, '"'));
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }
                }
                else if (quoted)
                {
                    all[all.Count - 1].Add((LiteralKind, c));
                }
                else if (c == '*')
                {
                    if (all[all.Count - 1].Count > 0 || all.Count == 1)
                    {
                        all.Add(new List<(char, char)>());
                    }

                    endsWithStar = true;
                }
                else if (c == '?')
                {
                    all[all.Count - 1].Add((AnyKind, c));
                }
                else if (c == '.')
                {
                    qualified = true;
                    all[all.Count - 1].Add((DotKind, c));
                }
                else
                {
                    all[all.Count - 1].Add((LiteralKind, c));
                }
            }

            if (quoted)
            {
                error = "pattern has an unterminated double quote";
                return null;
            }

            if (text.Contains(Separator, StringComparison.Ordinal))
            {
                error = "pattern holds a NUL character";
                return null;
            }

            var segments = new List<(char Kind, char Char)[]>(all.Count);
            foreach (var segment in all)
            {
                segments.Add(segment.ToArray());
            }

            return new TablePattern(text, qualified, segments, anchoredStart: !startsWithStar, anchoredEnd: !endsWithStar);
        }

        public bool Matches(string schema, string name) => Matches(schema, name, out _);

        /// <summary>Whether the pattern matches; <paramref name="steps"/> counts character comparisons (tests bound it).</summary>
        public bool Matches(string schema, string name, out long steps)
        {
            string subject = Qualified ? schema + Separator + name : name;
            steps = 0;
            if (segments.Count == 1)
            {
                // No star: the whole subject, character by character.
                var only = segments[0];
                return only.Length == subject.Length && At(only, subject, 0, ref steps);
            }

            int position = 0;
            int first = 0;
            int last = segments.Count - 1;
            if (anchoredStart)
            {
                if (!At(segments[0], subject, 0, ref steps))
                {
                    return false;
                }

                position = segments[0].Length;
                first = 1;
            }

            int endLimit = subject.Length;
            if (anchoredEnd)
            {
                var tail = segments[last];
                int tailStart = subject.Length - tail.Length;
                if (tailStart < position || !At(tail, subject, tailStart, ref steps))
                {
                    return false;
                }

                endLimit = tailStart;
                last--;
            }

            for (int s = first; s <= last; s++)
            {
                var segment = segments[s];
                if (segment.Length == 0)
                {
                    continue;
                }

                int found = -1;
                for (int start = position; start + segment.Length <= endLimit; start++)
                {
                    if (At(segment, subject, start, ref steps))
                    {
                        found = start;
                        break;
                    }
                }

                if (found < 0)
                {
                    return false;
                }

                position = found + segment.Length;
            }

            return true;
        }

        private static bool At((char Kind, char Char)[] segment, string subject, int start, ref long steps)
        {
            if (start < 0 || start + segment.Length > subject.Length)
            {
                return false;
            }

            for (int i = 0; i < segment.Length; i++)
            {
                steps++;
                char c = subject[start + i];
                bool ok = segment[i].Kind switch
                {
                    AnyKind => true,
                    DotKind => c == '.' || c == Separator,
                    _ => c == segment[i].Char,
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether any of <paramref name="patterns"/> leaves the table or view out.</summary>
        public static bool AnyMatches(IReadOnlyList<TablePattern> patterns, string schema, string name)
        {
            foreach (var pattern in patterns)
            {
                if (pattern.Matches(schema, name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Parses every pattern, or throws a <see cref="DriftException"/> naming the first bad one.</summary>
        public static TablePattern[] ParseAll(IReadOnlyList<string> texts)
        {
            var result = new TablePattern[texts.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Parse(texts[i], out string? error) ?? throw new DriftException("--exclude-table '" + texts[i] + "': " + error);
            }

            return result;
        }

        public override string ToString() => Text;
    }
}
