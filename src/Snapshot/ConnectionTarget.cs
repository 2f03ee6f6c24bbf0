using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
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

        /// <param name="connection">The <c>--connection</c> value, or null to use the environment alone.</param>
        /// <param name="environment">Reads an environment variable (injectable for tests).</param>
        public static ConnectionTarget Resolve(string? connection, Func<string, string?> environment)
        {
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrWhiteSpace(connection))
            {
                if (connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                    || connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
                {
                    ParseUri(connection, settings);
                }
                else
                {
                    ParseKeyValues(connection, settings);
                }
            }

            var builder = new NpgsqlConnectionStringBuilder();
            foreach (var setting in settings)
            {
                try
                {
                    builder[setting.Key] = setting.Value;
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
                {
                    throw new DriftException("invalid connection string: bad value for '" + setting.Key + "'" + (IsPasswordKey(setting.Key) ? string.Empty : ": " + ScrubSecret(e.Message, setting.Value)));
                }
            }

            ApplyEnvironment(builder, settings, environment);
            builder.ApplicationName ??= "drift";
            return new ConnectionTarget(builder);
        }

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
        /// <c>postgresql://[user[:password]@][host[:port][,host[:port]...]][/database][?param=value&amp;...]</c>, as libpq accepts it.
        /// </summary>
        internal static void ParseUri(string uri, Dictionary<string, string> settings)
        {
            string rest = uri.Substring(uri.IndexOf("://", StringComparison.Ordinal) + 3);
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
                settings["Database"] = Decode(rest.Substring(slash + 1));
            }

            int at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                string userInfo = authority.Substring(0, at);
                authority = authority.Substring(at + 1);
                int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                string user = colon >= 0 ? userInfo.Substring(0, colon) : userInfo;
                if (user.Length > 0)
                {
                    settings["Username"] = Decode(user);
                }

                if (colon >= 0)
                {
                    settings["Password"] = Decode(userInfo.Substring(colon + 1));
                }
            }

            if (authority.Length > 0)
            {
                ParseHosts(authority, settings);
            }

            if (query != null)
            {
                foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new DriftException("invalid connection URI: expected name=value in the query string");
                    }

                    string name = Decode(pair.Substring(0, eq));
                    string value = Decode(pair.Substring(eq + 1));
                    settings[MapUriParameter(name)] = name == "sslmode" ? MapSslMode(value) : value;
                }
            }
        }

        private static void ParseHosts(string authority, Dictionary<string, string> settings)
        {
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
                        throw new DriftException("invalid connection URI: unterminated IPv6 address");
                    }

                    port = close + 1 < host.Length && host[close + 1] == ':' ? host.Substring(close + 2) : null;
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
                    throw new DriftException("invalid connection URI: bad port '" + port + "'");
                }

                host = Decode(host);
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

        private static string MapUriParameter(string name) => name switch
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
            _ => throw new DriftException("invalid connection URI: unsupported parameter '" + name + "'"),
        };

        private static string MapSslMode(string value) => value switch
        {
            "disable" => "Disable",
            "allow" => "Allow",
            "prefer" => "Prefer",
            "require" => "Require",
            "verify-ca" => "VerifyCA",
            "verify-full" => "VerifyFull",
            _ => throw new DriftException("invalid connection URI: unknown sslmode '" + value + "'"),
        };

        private static string Decode(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text);
            }
            catch (UriFormatException)
            {
                throw new DriftException("invalid connection URI: bad percent-encoding");
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
