namespace DriftAnalyzers.Snapshots
{
    /// <summary>
    /// Checks a type as <c>format_type()</c> prints it, in one pass: words separated by one space, each a name
    /// (<c>integer</c>, <c>public.mood</c>, <c>"Reporting"."Mood"</c>) with an optional type modifier
    /// (<c>(255)</c>, <c>(12,2)</c>), then up to 6 <c>[]</c> (PostgreSQL's limit on array dimensions). An unquoted name
    /// is lower case letters, digits, <c>_</c> and <c>$</c>: <c>format_type()</c> quotes every other name. So an empty
    /// type, a million <c>[]</c>, or bytes that are not UTF-8 (decoded as U+FFFD, or as other characters outside quotes)
    /// are errors, not a type the analyzers silently do not know.
    /// </summary>
    internal static class TypeName
    {
        /// <summary>PostgreSQL's MAXDIM.</summary>
        public const int MaxArrayDimensions = 6;

        /// <summary>Two quoted 63-byte names, a modifier and 6 array suffixes fit many times over.</summary>
        public const int MaxLength = 1000;

        /// <summary>Null when <paramref name="type"/> reads as a type; else what is wrong, for a message.</summary>
        public static string? Check(string type) => Check(type, out _, out _);

        /// <param name="schema">The schema of the first name, if qualified (unquoted), else null.</param>
        /// <param name="name">The first name (unquoted), e.g. the domain or enum a column's type names.</param>
        public static string? Check(string type, out string? schema, out string? name)
        {
            schema = null;
            name = null;
            if (type.Length == 0)
            {
                return "is empty";
            }

            if (type.Length > MaxLength)
            {
                return "is " + type.Length + " characters long; a PostgreSQL type is at most a few hundred";
            }

            if (HasReplacementCharacter(type))
            {
                return "holds U+FFFD, what bytes that are not UTF-8 are read as: the file is not valid UTF-8";
            }

            int i = 0;
            bool firstWord = true;
            while (true)
            {
                // A word: name ('.' name)* [modifier]
                string? first = Identifier(type, ref i);
                if (first == null)
                {
                    return Unexpected(type, i);
                }

                string? second = null;
                if (i < type.Length && type[i] == '.')
                {
                    i++;
                    second = Identifier(type, ref i);
                    if (second == null)
                    {
                        return Unexpected(type, i);
                    }
                }

                if (firstWord)
                {
                    schema = second == null ? null : first;
                    name = second ?? first;
                    firstWord = false;
                }

                if (i < type.Length && type[i] == '(')
                {
                    i++;
                    while (true)
                    {
                        if (i < type.Length && type[i] == '-')
                        {
                            i++;
                        }

                        int digits = i;
                        while (i < type.Length && type[i] >= '0' && type[i] <= '9')
                        {
                            i++;
                        }

                        if (i == digits)
                        {
                            return Unexpected(type, i);
                        }

                        if (i < type.Length && type[i] == ',')
                        {
                            i++;
                            continue;
                        }

                        if (i < type.Length && type[i] == ')')
                        {
                            i++;
                            break;
                        }

                        return Unexpected(type, i);
                    }
                }

                if (i < type.Length && type[i] == ' ')
                {
                    i++;
                    continue;
                }

                break;
            }

            int dimensions = 0;
            while (i + 1 < type.Length && type[i] == '[' && type[i + 1] == ']')
            {
                dimensions++;
                i += 2;
            }

            if (i < type.Length)
            {
                return Unexpected(type, i);
            }

            return dimensions > MaxArrayDimensions
                ? "has " + dimensions + " array dimensions; PostgreSQL allows at most " + MaxArrayDimensions
                : null;
        }

        private static bool HasReplacementCharacter(string type)
        {
            foreach (char c in type)
            {
                if (c == '\uFFFD')
                {
                    return true;
                }
            }

            return false;
        }

        private static string Unexpected(string type, int i)
            => i >= type.Length
                ? "ends too early to be a type as PostgreSQL prints it"
                : "is not a type as PostgreSQL prints it: unexpected '" + type[i] + "' at character " + (i + 1) + " (unquoted names are lower case)";

        /// <summary>An unquoted (<c>[a-z_][a-z0-9_$]*</c>) or quoted (<c>"…"</c>, <c>""</c> for a quote) name; null if none.</summary>
        private static string? Identifier(string type, ref int i)
        {
            if (i >= type.Length)
            {
                return null;
            }

            if (type[i] == '"')
            {
                var b = new System.Text.StringBuilder();
                int j = i + 1;
                while (j < type.Length)
                {
                    if (type[j] == '"')
                    {
                        if (j + 1 < type.Length && type[j + 1] == '"')
                        {
                            b.Append('"');
                            j += 2;
                            continue;
                        }

                        if (b.Length == 0)
                        {
                            return null;
                        }

                        i = j + 1;
                        return b.ToString();
                    }

                    b.Append(type[j]);
                    j++;
                }

                return null;
            }

            char c = type[i];
            if (!((c >= 'a' && c <= 'z') || c == '_'))
            {
                return null;
            }

            int start = i;
            i++;
            while (i < type.Length && ((type[i] >= 'a' && type[i] <= 'z') || (type[i] >= '0' && type[i] <= '9') || type[i] == '_' || type[i] == '$'))
            {
                i++;
            }

            return type.Substring(start, i - start);
        }
    }
}
