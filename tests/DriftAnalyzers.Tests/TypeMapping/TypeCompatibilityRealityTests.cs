using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using DriftAnalyzers.TempPostgres;
using DriftAnalyzers.TypeMapping;
using Npgsql;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.TypeMapping
{
    /// <summary>
    /// The compatibility table checked against reality: every CLR type of the table is written through Npgsql (which
    /// types the parameter as EF Core's provider does by default) into a column of every type, read back as that CLR type,
    /// and compared. Observed: the ordinary value fails → Incompatible; the ordinary value works but the CLR type's
    /// extremes, or the column type's extremes, do not → Lossy; all work → Compatible. The analyzer must agree, pair by pair.
    /// </summary>
    [NonParallelizable]
    public sealed class TypeCompatibilityRealityTests
    {
        private static PostgresServer? server;
        private static NpgsqlDataSource? dataSource;

        /// <summary>Column types, each with values at the edges of its range (SQL literals) that a CLR type must be able to read.</summary>
        private static readonly (string Type, string[] Extremes)[] Columns =
        {
            ("boolean", Array.Empty<string>()),
            ("smallint", new[] { "32767", "-32768" }),
            ("integer", new[] { "2147483647", "-2147483648" }),
            ("bigint", new[] { "9223372036854775807", "-9223372036854775808" }),
            ("real", new[] { "3.4e38", "1.17549e-38" }),
            ("double precision", new[] { "1.7e308", "1.2345678901234567" }),
            ("numeric(28,4)", new[] { "999999999999999999999999.9999", "0.5" }),
            ("text", Array.Empty<string>()),
            ("character varying(100)", Array.Empty<string>()),
            ("uuid", Array.Empty<string>()),
            ("timestamp without time zone", new[] { "'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'" }),
            ("timestamp with time zone", new[] { "'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'" }),
            ("date", new[] { "'0001-01-01'", "'9999-12-31'" }),
            ("time without time zone", new[] { "'23:59:59.999999'" }),
            ("interval", new[] { "'1000000 days'" }),
            ("bytea", Array.Empty<string>()),
            ("json", Array.Empty<string>()),
            ("jsonb", Array.Empty<string>()),
            ("text[]", Array.Empty<string>()),
            ("integer[]", Array.Empty<string>()),
        };

        private sealed record Case(ClrKind Kind, int Rank, Type ClrType, object Ordinary, object[] Extremes);

        private static readonly Case[] Cases =
        {
            new(ClrKind.Boolean, 0, typeof(bool), true, Array.Empty<object>()),
            new(ClrKind.Int16, 0, typeof(short), (short)42, new object[] { short.MaxValue, short.MinValue }),
            new(ClrKind.Int32, 0, typeof(int), 42, new object[] { int.MaxValue, int.MinValue }),
            new(ClrKind.Int64, 0, typeof(long), 42L, new object[] { long.MaxValue, long.MinValue }),
            new(ClrKind.Single, 0, typeof(float), 1.5f, new object[] { float.MaxValue, 1.1754944E-38f }),
            new(ClrKind.Double, 0, typeof(double), 1.5, new object[] { double.MaxValue, 1.2345678901234567 }),
            new(ClrKind.Decimal, 0, typeof(decimal), 12.34m, new object[] { 999999999999999999999999.9999m, -0.0001m }),
            new(ClrKind.String, 0, typeof(string), "hello", Array.Empty<object>()),
            new(ClrKind.Guid, 0, typeof(Guid), new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), Array.Empty<object>()),
            new(ClrKind.DateTime, 0, typeof(DateTime), new DateTime(2024, 1, 31, 10, 20, 30, 123, DateTimeKind.Utc), Array.Empty<object>()),
            new(ClrKind.DateTimeOffset, 0, typeof(DateTimeOffset), new DateTimeOffset(2024, 1, 31, 10, 20, 30, 123, TimeSpan.Zero), Array.Empty<object>()),
            new(ClrKind.DateOnly, 0, typeof(DateOnly), new DateOnly(2024, 1, 31), new object[] { DateOnly.MinValue, DateOnly.MaxValue }),
            new(ClrKind.TimeOnly, 0, typeof(TimeOnly), new TimeOnly(10, 20, 30, 123), Array.Empty<object>()),
            new(ClrKind.TimeSpan, 0, typeof(TimeSpan), new TimeSpan(0, 1, 2, 3, 456), new object[] { TimeSpan.FromDays(1000) }),
            new(ClrKind.ByteArray, 0, typeof(byte[]), new byte[] { 1, 2, 3, 255 }, Array.Empty<object>()),
            new(ClrKind.JsonDocument, 0, typeof(JsonDocument), JsonDocument.Parse("{\"a\":1}"), Array.Empty<object>()),
            new(ClrKind.String, 1, typeof(string[]), new[] { "a", "b" }, Array.Empty<object>()),
            new(ClrKind.Int32, 1, typeof(int[]), new[] { 1, 2 }, new object[] { new[] { int.MaxValue } }),
        };

        [OneTimeSetUp]
        public void Start()
        {
            server = PostgresServer.Start();
            server.CreateDatabase("reality");
            var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString("reality")) { Timezone = "UTC", Pooling = true };
            dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        }

        [OneTimeTearDown]
        public void Stop()
        {
            dataSource?.Dispose();
            server?.Dispose();
        }

        public static IEnumerable<TestCaseData> AllCases() => Cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ClrType.Name));

        [TestCaseSource(nameof(AllCases))]
        public void The_analyzer_agrees_with_what_the_server_and_Npgsql_do(object boxed)
        {
            var c = (Case)boxed;
            var report = new StringBuilder();
            foreach (var (type, extremes) in Columns)
            {
                var observed = Observe(c, type, extremes, out string detail);
                var predicted = TypeCompatibility.Check(new ClrType(c.Kind, false, c.Rank), PostgresType.Parse(type));
                if (predicted != observed)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"{c.ClrType.Name} on {type}: analyzer says {predicted}, reality is {observed} ({detail})");
                }
            }

            Assert.That(report.ToString(), Is.Empty);
        }

        private static Verdict Observe(Case c, string columnType, string[] columnExtremes, out string detail)
        {
            if (!RoundTrips(c, columnType, c.Ordinary, out detail))
            {
                return Verdict.Incompatible;
            }

            foreach (var value in c.Extremes)
            {
                if (!RoundTrips(c, columnType, value, out detail))
                {
                    return Verdict.Lossy;
                }
            }

            foreach (var literal in columnExtremes)
            {
                if (!Reads(c, columnType, literal, out detail))
                {
                    return Verdict.Lossy;
                }
            }

            detail = "round-trips";
            return Verdict.Compatible;
        }

        private static bool RoundTrips(Case c, string columnType, object value, out string detail)
        {
            try
            {
                using var connection = dataSource!.OpenConnection();
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, $"CREATE TEMP TABLE t (v {columnType}) ON COMMIT DROP");
                using (var insert = new NpgsqlCommand("INSERT INTO t (v) VALUES ($1)", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = value });
                    insert.ExecuteNonQuery();
                }

                object read = ReadBack(connection, transaction, c.ClrType);
                detail = Same(value, read) ? "ok" : "read back " + Show(read) + " for " + Show(value);
                return detail == "ok";
            }
            catch (Exception e) when (e is NpgsqlException or InvalidCastException or OverflowException or ArgumentException or NotSupportedException or FormatException or InvalidOperationException)
            {
                detail = e.GetType().Name + ": " + e.Message.Split('\n')[0];
                return false;
            }
        }

        private static bool Reads(Case c, string columnType, string literal, out string detail)
        {
            try
            {
                using var connection = dataSource!.OpenConnection();
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, $"CREATE TEMP TABLE t (v {columnType}) ON COMMIT DROP");
                Execute(connection, transaction, $"INSERT INTO t (v) VALUES ({literal})");
                object read = ReadBack(connection, transaction, c.ClrType);
                object natural = ReadBack(connection, transaction, typeof(object));
                detail = SameNumber(natural, read) ? "ok" : "reading " + literal + " gave " + Show(read);
                return detail == "ok";
            }
            catch (Exception e) when (e is NpgsqlException or InvalidCastException or OverflowException or ArgumentException or NotSupportedException or FormatException or InvalidOperationException)
            {
                detail = "reading " + literal + ": " + e.GetType().Name + ": " + e.Message.Split('\n')[0];
                return false;
            }
        }

        private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.ExecuteNonQuery();
        }

        private static object ReadBack(NpgsqlConnection connection, NpgsqlTransaction transaction, Type clrType)
        {
            using var select = new NpgsqlCommand("SELECT v FROM t", connection, transaction);
            using var reader = select.ExecuteReader();
            reader.Read();
            if (clrType == typeof(object))
            {
                return reader.GetValue(0);
            }

            var method = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue))!.MakeGenericMethod(clrType);
            try
            {
                return method.Invoke(reader, new object[] { 0 })!;
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }

        private static bool Same(object written, object read) => (written, read) switch
        {
            (DateTime a, DateTime b) => a.Ticks == b.Ticks,
            (JsonDocument a, JsonDocument b) => a.RootElement.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal) == b.RootElement.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal),
            (byte[] a, byte[] b) => a.SequenceEqual(b),
            (string[] a, string[] b) => a.SequenceEqual(b),
            (int[] a, int[] b) => a.SequenceEqual(b),
            _ => Equals(written, read),
        };

        /// <summary>Whether a number read as the CLR type is the number the column holds (other values: read at all is enough).</summary>
        private static bool SameNumber(object natural, object read)
        {
            static bool IsNumber(object o) => o is short or int or long or float or double or decimal;
            if (!IsNumber(natural) || !IsNumber(read))
            {
                return true;
            }

            return natural is decimal || read is decimal
                ? Convert.ToDouble(natural, CultureInfo.InvariantCulture) == Convert.ToDouble(read, CultureInfo.InvariantCulture) && Decimal(natural) == Decimal(read)
                : Convert.ToDouble(natural, CultureInfo.InvariantCulture) == Convert.ToDouble(read, CultureInfo.InvariantCulture);
        }

        private static decimal? Decimal(object value)
        {
            try
            {
                return Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        private static string Show(object value) => value switch
        {
            JsonDocument d => d.RootElement.GetRawText(),
            Array a => "[" + string.Join(",", a.Cast<object>()) + "]",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };
    }
}
