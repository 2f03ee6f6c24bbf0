using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Text;
using Npgsql;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// Where to connect: an Npgsql connection string or a <c>postgresql://</c> URI, completed with the standard
    /// PG* environment variables as psql does. Knows the password only to keep it out of every message.
    /// </summary>
    internal sealed class ConnectionTarget
    {
        private ConnectionTarget(NpgsqlConnectionStringBuilder builder)
        {
            Builder = builder;
        }

        public NpgsqlConnectionStringBuilder Builder { get; }

        /// <summary>
        /// A data source for the catalog queries. They return built-in types only (text, booleans, integers, text
        /// arrays), so Npgsql's load of the database's own types is skipped: on a large schema (a row type and an
        /// array type per table) it would cost more than the snapshot itself.
        /// </summary>
        public NpgsqlDataSource CreateDataSource()
        {
            var builder = new NpgsqlSlimDataSourceBuilder(Builder.ConnectionString);
            builder.EnableArrays();
            builder.EnableTransportSecurity();
            builder.EnableIntegratedSecurity();
            builder.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
            return builder.Build();
        }

        public string Host => Builder.Host ?? "localhost";

        public int Port => Builder.Port;

        public string Database => Builder.Database ?? string.Empty;

        public string Username => Builder.Username ?? string.Empty;

        /// <summary>A password-free description, e.g. <c>db.internal:5432/app as app_ro</c>.</summary>
        public override string ToString() => Host + ":" + Port.ToString(CultureInfo.InvariantCulture) + "/" + Database + " as " + Username;

        /// <summary>Replaces <paramref name="secret"/>, wherever it appears in <paramref name="text"/>, with asterisks.</summary>
        public static string ScrubSecret(string text, string? secret)
            => string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "********", StringComparison.Ordinal);

        /// <summary>
        /// Scrubs every one of <paramref name="secrets"/> of 4 characters or more, longest first (one may contain another).
        /// Shorter ones are left: they say nothing, and would turn words of the message ("prefer") into asterisks.
        /// </summary>
        public static string ScrubSecrets(string text, IEnumerable<string> secrets)
        {
            var sorted = new List<string>();
            foreach (string secret in secrets)
            {
                if (secret.Length >= 4)
                {
                    sorted.Add(secret);
                }
            }

            sorted.Sort((a, b) => b.Length.CompareTo(a.Length));
            foreach (string secret in sorted)
            {
                text = ScrubSecret(text, secret);
            }

            return text;
        }

        /// <param name="connection">The <c>--connection</c> value, or null to use the environment alone.</param>
        /// <param name="environment">Reads an environment variable (injectable for tests).</param>
        public static ConnectionTarget Resolve(string? connection, Func<string, string?> environment)
        {
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            bool isUri = false;
            if (!string.IsNullOrWhiteSpace(connection))
            {
                isUri = UriPrefixLength(connection) > 0;
                if (isUri)
                {
                    ParseUri(connection, settings);
                }
                else
                {
                    ParseKeyValues(connection, settings);
                }
            }

            // A keyword is shown only when the connection holds no password: an unquoted ';' or '&' in a password makes
            // its tail look like a keyword of its own, and an error must not print a piece of the password.
            bool holdsPassword = false;
            foreach (var key in settings.Keys)
            {
                holdsPassword |= IsPasswordKey(key);
            }

            var builder = new NpgsqlConnectionStringBuilder();
            foreach (var setting in settings)
            {
                string form = isUri ? "invalid connection URI: " : "invalid connection string: ";
                if (!builder.ContainsKey(setting.Key))
                {
                    // Named, with the keyword it is closest to, unless it may be the tail of a password.
                    string? suggestion = DidYouMean.Closest(setting.Key, KnownKeywords());
                    string hint = suggestion == null ? string.Empty : "; did you mean '" + suggestion + "'?";
                    throw new DriftException(form + (holdsPassword && !BeforeAnyPassword(connection!, setting.Key, isUri)
                        ? "unknown keyword (not shown: it may be a piece of the password; quote a password that holds ';', as in Password='a;b')"
                        : "unknown keyword '" + setting.Key + "'" + hint));
                }

                try
                {
                    builder[setting.Key] = setting.Value;
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
                {
                    // Never the value, nor the framework's message (which may quote it).
                    throw new DriftException(form + "bad value for '" + setting.Key + "'");
                }
            }

            ApplyEnvironment(builder, settings, environment);
            builder.ApplicationName ??= "drift";
            return new ConnectionTarget(builder);
        }

        /// <summary>
        /// Every password the connection text may hold, for scrubbing messages when it could not be parsed: the password
        /// of a connection string, or the user information of a URI (whatever an '@' in it). Best effort, never throws.
        /// </summary>
        public static IReadOnlyList<string> PossibleSecrets(string? connection)
        {
            var secrets = new List<string>();
            if (string.IsNullOrEmpty(connection))
            {
                return secrets;
            }

            try
            {
                var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (UriPrefixLength(connection) > 0)
                {
                    string rest = connection.Substring(UriPrefixLength(connection));
                    int at = rest.LastIndexOf('@');
                    if (at > 0)
                    {
                        string userInfo = rest.Substring(0, at);
                        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                        if (colon >= 0)
                        {
                            secrets.Add(userInfo.Substring(colon + 1));
                        }
                    }

                    ParseUri(connection, settings);
                }
                else
                {
                    ParseKeyValues(connection, settings);
                }

                foreach (var setting in settings)
                {
                    if (IsPasswordKey(setting.Key) && setting.Value.Length > 0)
                    {
                        secrets.Add(setting.Value);
                    }
                }
            }
            catch (DriftException)
            {
            }

            return secrets;
        }

        private static int UriPrefixLength(string connection)
            => connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ? "postgresql://".Length
                : connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ? "postgres://".Length
                : 0;

        private static void ApplyEnvironment(NpgsqlConnectionStringBuilder builder, Dictionary<string, string> given, Func<string, string?> environment)
        {
            if (!HasAny(given, "Host", "Server") && environment("PGHOST") is { Length: > 0 } host)
            {
                builder.Host = host;
            }

            if (!HasAny(given, "Port") && environment("PGPORT") is { Length: > 0 } portText)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                {
                    throw new DriftException("invalid PGPORT '" + portText + "': expected a port number");
                }

                builder.Port = port;
            }

            if (!HasAny(given, "Username", "User Name", "User Id", "UserId", "User") && environment("PGUSER") is { Length: > 0 } user)
            {
                builder.Username = user;
            }

            if (!HasAny(given, "Database", "DB") && environment("PGDATABASE") is { Length: > 0 } database)
            {
                builder.Database = database;
            }

            if (!HasAny(given, "Password", "PSW", "PWD") && environment("PGPASSWORD") is { Length: > 0 } password)
            {
                builder.Password = password;
            }

            // As libpq: a password file that does not exist is ignored.
            if (!HasAny(given, "Passfile") && environment("PGPASSFILE") is { Length: > 0 } passfile && File.Exists(passfile))
            {
                builder.Passfile = passfile;
            }

            builder.Host ??= "localhost";
            if (string.IsNullOrEmpty(builder.Username))
            {
                builder.Username = environment("USER") ?? Environment.UserName;
            }

            // As libpq: the database defaults to the user name.
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = builder.Username;
            }
        }

        private static bool HasAny(Dictionary<string, string> given, params string[] keys)
        {
            foreach (var key in keys)
            {
                if (given.ContainsKey(key))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The keywords of an Npgsql connection string, as its documentation spells them (Host, Port, SSL Mode, ...).</summary>
        private static IEnumerable<string> KnownKeywords()
        {
            foreach (var property in typeof(NpgsqlConnectionStringBuilder).GetProperties())
            {
                if (property.GetCustomAttributes(typeof(System.ComponentModel.DisplayNameAttribute), false) is [System.ComponentModel.DisplayNameAttribute name])
                {
                    yield return name.DisplayName;
                }
            }
        }

        /// <summary>
        /// Whether <paramref name="key"/> first appears as a keyword before any password keyword: then it is not the tail of a
        /// password (an unquoted ';' splits a password after it). A URI's password comes first, so no query parameter is.
        /// </summary>
        private static bool BeforeAnyPassword(string connection, string key, bool isUri)
        {
            if (isUri)
            {
                return false;
            }

            int at = KeywordAt(connection, key);
            if (at < 0)
            {
                return false;
            }

            foreach (string password in new[] { "Password", "PWD", "PSW", "SSL Password" })
            {
                int p = KeywordAt(connection, password);
                if (p >= 0 && p < at)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Where <paramref name="key"/> starts a setting (at the start or after a ';', before an '='), or -1.</summary>
        private static int KeywordAt(string connection, string key)
        {
            for (int i = connection.IndexOf(key, StringComparison.OrdinalIgnoreCase); i >= 0; i = connection.IndexOf(key, i + 1, StringComparison.OrdinalIgnoreCase))
            {
                int before = i - 1;
                while (before >= 0 && connection[before] == ' ')
                {
                    before--;
                }

                int after = i + key.Length;
                while (after < connection.Length && connection[after] == ' ')
                {
                    after++;
                }

                if ((before < 0 || connection[before] == ';') && after < connection.Length && connection[after] == '=')
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsPasswordKey(string key)
            => key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("PWD", StringComparison.OrdinalIgnoreCase)
               || key.Equals("PSW", StringComparison.OrdinalIgnoreCase) || key.Equals("SSL Password", StringComparison.OrdinalIgnoreCase);

        private static void ParseKeyValues(string connection, Dictionary<string, string> settings)
        {
            var parser = new DbConnectionStringBuilder();
            try
            {
                parser.ConnectionString = connection;
            }
            catch (ArgumentException)
            {
                // The framework's message quotes the string, password included: never show it.
                throw new DriftException("invalid connection string: expected Key=Value pairs separated by ';' (e.g. \"Host=localhost;Database=app;Username=app\") or a postgresql:// URI");
            }

            foreach (string key in parser.Keys)
            {
                settings[key] = Convert.ToString(parser[key], CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        /// <summary>
        /// <c>postgresql://[user[:password]@][host[:port][,host[:port]...]][/database][?param=value&amp;...]</c>, as libpq
        /// reads it: there is user information when an '@' comes before the first '/'. It ends at the last such '@', not
        /// the first as in libpq: a host never holds an '@', so this reads an unencoded '@' in a password as part of it.
        /// No error message quotes any part of the URI: whatever is misplaced may be a piece of the password.
        /// </summary>
        internal static void ParseUri(string uri, Dictionary<string, string> settings)
        {
            string rest = uri.Substring(UriPrefixLength(uri));
            bool mayHoldPassword = rest.Contains('@', StringComparison.Ordinal) || rest.Contains("password=", StringComparison.OrdinalIgnoreCase);
            int firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
            int at = firstSlash < 0 ? rest.LastIndexOf('@') : (firstSlash == 0 ? -1 : rest.LastIndexOf('@', firstSlash - 1));

            // Without user information, an '@' further on may be one in a database name or a parameter (fine), or the
            // end of a user name and password whose password holds an unencoded '/' (then the "host" is no host).
            bool atFurtherOn = at < 0 && rest.Contains('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                int question = rest.IndexOf('?', 0, at);
                if (question >= 0 && rest.IndexOf('@', 0, question) >= 0)
                {
                    throw new DriftException("invalid connection URI: an '@' both before and after a '?' in front of the host; percent-encode '@' (%40) and '?' (%3F) in the user name, password and parameters");
                }

                string userInfo = rest.Substring(0, at);
                rest = rest.Substring(at + 1);
                int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                string user = colon >= 0 ? userInfo.Substring(0, colon) : userInfo;
                if (user.Length > 0)
                {
                    settings["Username"] = Decode(user, "the user name");
                }

                if (colon >= 0)
                {
                    settings["Password"] = Decode(userInfo.Substring(colon + 1), "the password");
                }
            }

            string? query = null;
            int q = rest.IndexOf('?', StringComparison.Ordinal);
            if (q >= 0)
            {
                query = rest.Substring(q + 1);
                rest = rest.Substring(0, q);
            }

            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            string authority = slash >= 0 ? rest.Substring(0, slash) : rest;
            if (slash >= 0 && slash + 1 < rest.Length)
            {
                settings["Database"] = Decode(rest.Substring(slash + 1), "the database name");
            }

            if (authority.Length > 0)
            {
                ParseHosts(authority, settings, atFurtherOn);
            }

            if (query != null)
            {
                foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new DriftException("invalid connection URI: expected name=value in the query string" + EncodingHint);
                    }

                    string name = Decode(pair.Substring(0, eq), "a parameter name");
                    string value = Decode(pair.Substring(eq + 1), "a parameter value");
                    settings[MapUriParameter(name, mayHoldPassword)] = name == "sslmode" ? MapSslMode(value) : value;
                }
            }
        }

        private const string EncodingHint = " (percent-encode '/', '?', '@', '&' and '%' in a user name or password: %2F, %3F, %40, %26, %25)";

        private static void ParseHosts(string authority, Dictionary<string, string> settings, bool atFurtherOn)
        {
            string hint = atFurtherOn ? EncodingHint : string.Empty;
            var hosts = new List<string>();
            string? singlePort = null;
            foreach (string part in authority.Split(','))
            {
                string host = part;
                string? port = null;
                if (host.StartsWith('['))
                {
                    int close = host.IndexOf(']', StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw new DriftException("invalid connection URI: unterminated IPv6 address" + hint);
                    }

                    if (close + 1 < host.Length && host[close + 1] != ':')
                    {
                        throw new DriftException("invalid connection URI: unexpected text after an IPv6 address" + hint);
                    }

                    port = close + 1 < host.Length ? host.Substring(close + 2) : null;
                    host = host.Substring(1, close - 1);
                }
                else
                {
                    int colon = host.LastIndexOf(':');
                    if (colon >= 0)
                    {
                        port = host.Substring(colon + 1);
                        host = host.Substring(0, colon);
                    }
                }

                if (port != null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1 || p > 65535))
                {
                    // Not quoted: in "user:password/..." without an '@' before the '/', this "port" is the password.
                    throw new DriftException("invalid connection URI: the port after a host is not a number from 1 to 65535" + hint);
                }

                host = Decode(host, "a host name");
                hosts.Add(port == null ? host : host + ":" + port);
                singlePort = port;
            }

            if (hosts.Count == 1)
            {
                string only = hosts[0];
                settings["Host"] = singlePort == null ? only : only.Substring(0, only.Length - singlePort.Length - 1);
                if (singlePort != null)
                {
                    settings["Port"] = singlePort;
                }
            }
            else
            {
                settings["Host"] = string.Join(",", hosts);
            }
        }

        /// <summary>libpq's URI parameters that drift passes on; an unknown name is not quoted (a password's '&amp;' makes one).</summary>
        private static string MapUriParameter(string name, bool mayHoldPassword) => name switch
        {
            "host" => "Host",
            "port" => "Port",
            "dbname" => "Database",
            "user" => "Username",
            "password" => "Password",
            "passfile" => "Passfile",
            "sslmode" => "SSL Mode",
            "sslrootcert" => "Root Certificate",
            "sslcert" => "SSL Certificate",
            "sslkey" => "SSL Key",
            "sslpassword" => "SSL Password",
            "connect_timeout" => "Timeout",
            "application_name" => "Application Name",
            "options" => "Options",
            "target_session_attrs" => "Target Session Attributes",
            "keepalives" or "keepalives_idle" or "keepalives_interval" or "keepalives_count" or "tcp_user_timeout" or "gssencmode" or "krbsrvname"
                or "gsslib" or "requirepeer" or "requiressl" or "sslcompression" or "sslcrl" or "sslcrldir" or "sslsni" or "ssl_min_protocol_version"
                or "ssl_max_protocol_version" or "service" or "client_encoding" or "fallback_application_name" or "hostaddr" or "load_balance_hosts"
                or "channel_binding" or "require_auth" or "replication" or "sslnegotiation" or "sslcertmode" =>
                throw new DriftException("invalid connection URI: parameter '" + name + "' is not supported by drift (supported: host, port, dbname, user, password, passfile, sslmode, sslrootcert, sslcert, sslkey, sslpassword, connect_timeout, application_name, options, target_session_attrs)"),
            _ => throw new DriftException(mayHoldPassword
                ? "invalid connection URI: unknown parameter (not shown: it may be a piece of the password)" + EncodingHint
                : "invalid connection URI: unknown parameter '" + name + "'"),
        };

        private static string MapSslMode(string value) => value switch
        {
            "disable" => "Disable",
            "allow" => "Allow",
            "prefer" => "Prefer",
            "require" => "Require",
            "verify-ca" => "VerifyCA",
            "verify-full" => "VerifyFull",
            _ => throw new DriftException("invalid connection URI: sslmode is none of disable, allow, prefer, require, verify-ca, verify-full"),
        };

        /// <summary>Strict percent-decoding, as libpq: '%' and two hex digits, UTF-8, no NUL; errors name the part, not the text.</summary>
        private static string Decode(string text, string part)
        {
            if (text.IndexOf('%', StringComparison.Ordinal) < 0)
            {
                return text;
            }

            var bytes = new List<byte>(text.Length);
            var scratch = new byte[4];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '%')
                {
                    if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
                    {
                        throw new DriftException("invalid connection URI: bad percent-encoding in " + part + " ('%' must be followed by two hex digits; a '%' of its own is %25)");
                    }

                    byte value = (byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2]));
                    if (value == 0)
                    {
                        throw new DriftException("invalid connection URI: %00 in " + part);
                    }

                    bytes.Add(value);
                    i += 2;
                }
                else if (char.IsSurrogate(c) && i + 1 < text.Length)
                {
                    int n = Encoding.UTF8.GetBytes(text, i, 2, scratch, 0);
                    bytes.AddRange(new ArraySegment<byte>(scratch, 0, n));
                    i++;
                }
                else
                {
                    int n = Encoding.UTF8.GetBytes(text, i, 1, scratch, 0);
                    bytes.AddRange(new ArraySegment<byte>(scratch, 0, n));
                }
            }

            try
            {
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw new DriftException("invalid connection URI: " + part + " is not UTF-8 once percent-decoded");
            }
        }
    }

    /// <summary>An error whose message is ready for the user: one line, no secrets.</summary>
    internal sealed class DriftException : Exception
    {
        public DriftException(string message)
            : base(message)
        {
        }

        public DriftException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
