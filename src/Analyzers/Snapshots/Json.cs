using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DriftAnalyzers.Snapshots
{
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>A JSON value with the 1-based line and column where it starts.</summary>
    internal class JsonNode
    {
        public JsonNode(JsonKind kind, int line, int column)
        {
            Kind = kind;
            Line = line;
            Column = column;
        }

        public JsonKind Kind { get; }

        public int Line { get; }

        public int Column { get; }

        public SnapshotPosition Position => new SnapshotPosition(Line, Column);

        public static string Describe(JsonKind kind) => kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.True or JsonKind.False => "a boolean",
            _ => "null",
        };
    }

    internal sealed class JsonObject : JsonNode
    {
        public JsonObject(List<KeyValuePair<string, JsonNode>> members, int line, int column)
            : base(JsonKind.Object, line, column)
        {
            Members = members;
        }

        /// <summary>Members in document order; keys are unique (the parser rejects duplicates).</summary>
        public List<KeyValuePair<string, JsonNode>> Members { get; }
    }

    internal sealed class JsonArray : JsonNode
    {
        public JsonArray(List<JsonNode> items, int line, int column)
            : base(JsonKind.Array, line, column)
        {
            Items = items;
        }

        public List<JsonNode> Items { get; }
    }

    internal sealed class JsonScalar : JsonNode
    {
        public JsonScalar(JsonKind kind, string text, int line, int column)
            : base(kind, line, column)
        {
            Text = text;
        }

        /// <summary>The decoded value of a string, or the literal text of a number.</summary>
        public string Text { get; }
    }

    internal sealed class JsonException : Exception
    {
        public JsonException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// A small, strict RFC 8259 parser: no comments, no trailing commas, no duplicate keys, bounded nesting.
    /// Analyzers cannot rely on a JSON package being loadable in every compiler host, so this one is kept as source.
    /// </summary>
    internal sealed class JsonParser
    {
        public const int MaxDepth = 64;

        private readonly string text;
        private int position;
        private int line = 1;
        private int lineStart;

        private JsonParser(string text)
        {
            this.text = text;
        }

        /// <summary>Parses one JSON document. Throws <see cref="JsonException"/> with the line and column of the first error.</summary>
        public static JsonNode Parse(string text)
        {
            var parser = new JsonParser(text);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                parser.position = 1;
                parser.lineStart = 1;
            }

            parser.SkipWhitespace();
            var root = parser.ParseValue(0);
            parser.SkipWhitespace();
            if (parser.position < text.Length)
            {
                throw parser.Error("unexpected " + parser.DescribeCurrent() + " after the end of the document");
            }

            return root;
        }

        private int Column => position - lineStart + 1;

        private JsonException Error(string message) => new JsonException(message, line, Column);

        private string DescribeCurrent()
        {
            if (position >= text.Length)
            {
                return "end of file";
            }

            char c = text[position];
            return c < ' ' ? "control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
        }

        private void SkipWhitespace()
        {
            while (position < text.Length)
            {
                char c = text[position];
                if (c == ' ' || c == '\t')
                {
                    position++;
                }
                else if (c == '\n')
                {
                    position++;
                    line++;
                    lineStart = position;
                }
                else if (c == '\r')
                {
                    position++;
                    if (position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    lineStart = position;
                }
                else
                {
                    return;
                }
            }
        }

        private JsonNode ParseValue(int depth)
        {
            if (position >= text.Length)
            {
                throw Error("unexpected end of file, expected a value");
            }

            int startLine = line;
            int startColumn = Column;
            switch (text[position])
            {
                case '{':
                    return ParseObject(depth + 1, startLine, startColumn);
                case '[':
                    return ParseArray(depth + 1, startLine, startColumn);
                case '"':
                    return new JsonScalar(JsonKind.String, ParseString(), startLine, startColumn);
                case 't':
                    ExpectLiteral("true");
                    return new JsonScalar(JsonKind.True, "true", startLine, startColumn);
                case 'f':
                    ExpectLiteral("false");
                    return new JsonScalar(JsonKind.False, "false", startLine, startColumn);
                case 'n':
                    ExpectLiteral("null");
                    return new JsonScalar(JsonKind.Null, "null", startLine, startColumn);
                default:
                    char c = text[position];
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return new JsonScalar(JsonKind.Number, ParseNumber(), startLine, startColumn);
                    }

                    throw Error("unexpected " + DescribeCurrent() + ", expected a value");
            }
        }

        private void CheckDepth(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
            }
        }

        private JsonObject ParseObject(int depth, int startLine, int startColumn)
        {
            CheckDepth(depth);
            position++; // {
            var members = new List<KeyValuePair<string, JsonNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (position < text.Length && text[position] == '}')
            {
                position++;
                return new JsonObject(members, startLine, startColumn);
            }

            while (true)
            {
                SkipWhitespace();
                if (position >= text.Length || text[position] != '"')
                {
                    throw Error("unexpected " + DescribeCurrent() + ", expected a property name in double quotes");
                }

                int keyLine = line;
                int keyColumn = Column;
                string key = ParseString();
                if (!seen.Add(key))
                {
                    throw new JsonException("duplicate property \"" + key + "\"", keyLine, keyColumn);
                }

                SkipWhitespace();
                if (position >= text.Length || text[position] != ':')
                {
                    throw Error("unexpected " + DescribeCurrent() + ", expected ':'");
                }

                position++;
                SkipWhitespace();
                members.Add(new KeyValuePair<string, JsonNode>(key, ParseValue(depth)));
                SkipWhitespace();
                if (position >= text.Length)
                {
                    throw Error("unexpected end of file, expected ',' or '}'");
                }

                char c = text[position];
                position++;
                if (c == '}')
                {
                    return new JsonObject(members, startLine, startColumn);
                }

                if (c != ',')
                {
                    position--;
                    throw Error("unexpected " + DescribeCurrent() + ", expected ',' or '}'");
                }
            }
        }

        private JsonArray ParseArray(int depth, int startLine, int startColumn)
        {
            CheckDepth(depth);
            position++; // [
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (position < text.Length && text[position] == ']')
            {
                position++;
                return new JsonArray(items, startLine, startColumn);
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ParseValue(depth));
                SkipWhitespace();
                if (position >= text.Length)
                {
                    throw Error("unexpected end of file, expected ',' or ']'");
                }

                char c = text[position];
                position++;
                if (c == ']')
                {
                    return new JsonArray(items, startLine, startColumn);
                }

                if (c != ',')
                {
                    position--;
                    throw Error("unexpected " + DescribeCurrent() + ", expected ',' or ']'");
                }
            }
        }

        private void ExpectLiteral(string literal)
        {
            if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected " + DescribeCurrent() + ", expected a value");
            }

            position += literal.Length;
        }

        private string ParseNumber()
        {
            int start = position;
            if (text[position] == '-')
            {
                position++;
            }

            if (position < text.Length && text[position] == '0')
            {
                position++;
            }
            else if (!ReadDigits())
            {
                throw Error("invalid number");
            }

            if (position < text.Length && text[position] == '.')
            {
                position++;
                if (!ReadDigits())
                {
                    throw Error("invalid number: expected a digit after '.'");
                }
            }

            if (position < text.Length && (text[position] == 'e' || text[position] == 'E'))
            {
                position++;
                if (position < text.Length && (text[position] == '+' || text[position] == '-'))
                {
                    position++;
                }

                if (!ReadDigits())
                {
                    throw Error("invalid number: expected a digit in the exponent");
                }
            }

            return text.Substring(start, position - start);
        }

        private bool ReadDigits()
        {
            int start = position;
            while (position < text.Length && text[position] >= '0' && text[position] <= '9')
            {
                position++;
            }

            return position > start;
        }

        private string ParseString()
        {
            position++; // opening quote
            int runStart = position;
            StringBuilder? builder = null;
            while (true)
            {
                if (position >= text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = text[position];
                if (c == '"')
                {
                    string result = builder == null
                        ? text.Substring(runStart, position - runStart)
                        : builder.Append(text, runStart, position - runStart).ToString();
                    position++;
                    return result;
                }

                if (c < ' ')
                {
                    throw Error("control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " in a string (escape it)");
                }

                if (c != '\\')
                {
                    position++;
                    continue;
                }

                builder ??= new StringBuilder();
                builder.Append(text, runStart, position - runStart);
                position++;
                if (position >= text.Length)
                {
                    throw Error("unterminated string");
                }

                char escape = text[position];
                position++;
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u': builder.Append(ParseHex4()); break;
                    default:
                        position--;
                        throw Error("invalid escape sequence '\\" + escape + "'");
                }

                runStart = position;
            }
        }

        private char ParseHex4()
        {
            if (position + 4 > text.Length)
            {
                throw Error("invalid \\u escape: expected four hex digits");
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                char h = text[position + i];
                int digit = h >= '0' && h <= '9' ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                    : -1;
                if (digit < 0)
                {
                    throw Error("invalid \\u escape: expected four hex digits");
                }

                value = (value * 16) + digit;
            }

            position += 4;
            return (char)value;
        }
    }
}
