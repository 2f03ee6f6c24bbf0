using System.Collections.Generic;
using DriftAnalyzers.Cli;
using Npgsql;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    public sealed class ConnectionTargetTests
    {
        private static ConnectionTarget Resolve(string? connection, Dictionary<string, string>? environment = null)
            => ConnectionTarget.Resolve(connection, key => environment != null && environment.TryGetValue(key, out var v) ? v : null);

        [Test]
        public void Uri_with_everything()
        {
            var target = Resolve("postgresql://app%20user:p%40ss%3Aword@db.internal:6543/my%2Fdb?sslmode=verify-full&application_name=ci&connect_timeout=7");
            var b = target.Builder;
            Assert.That((b.Host, b.Port, b.Username, b.Password, b.Database), Is.EqualTo(("db.internal", 6543, "app user", "p@ss:word", "my/db")));
            Assert.That((b.SslMode, b.ApplicationName, b.Timeout), Is.EqualTo((SslMode.VerifyFull, "ci", 7)));
            Assert.That(target.ToString(), Is.EqualTo("db.internal:6543/my/db as app user"));
        }

        [Test]
        public void Uri_with_several_hosts_and_ipv6()
        {
            Assert.That(Resolve("postgres://h1:5433,h2/app").Builder.Host, Is.EqualTo("h1:5433,h2"));
            var ipv6 = Resolve("postgresql://[::1]:5499/app").Builder;
            Assert.That((ipv6.Host, ipv6.Port), Is.EqualTo(("::1", 5499)));
        }

        [Test]
        public void Uri_errors_are_clear()
        {
            Assert.That(() => Resolve("postgresql://h/app?colour=blue"), Throws.TypeOf<DriftException>().With.Message.EqualTo("invalid connection URI: unknown parameter 'colour'"));
            Assert.That(() => Resolve("postgresql://h/app?keepalives=1"), Throws.TypeOf<DriftException>().With.Message.StartsWith("invalid connection URI: parameter 'keepalives' is not supported by drift (supported: host, port, dbname, "));
            Assert.That(() => Resolve("postgresql://h:99999/app"), Throws.TypeOf<DriftException>().With.Message.EqualTo("invalid connection URI: the port after a host is not a number from 1 to 65535"));
            Assert.That(() => Resolve("postgresql://h/app?sslmode=sometimes"), Throws.TypeOf<DriftException>().With.Message.EqualTo("invalid connection URI: sslmode is none of disable, allow, prefer, require, verify-ca, verify-full"));
            Assert.That(() => Resolve("postgresql://h/a%2"), Throws.TypeOf<DriftException>().With.Message.StartsWith("invalid connection URI: bad percent-encoding in the database name"));
        }

        [Test]
        public void The_user_information_ends_at_the_last_at_sign_before_the_first_slash()
        {
            // libpq takes the first '@': "p@ss@host" would connect to host "ss@host" and print that piece of the password.
            var b = Resolve("postgresql://app:p?ss@w:rd@db.internal:6543/app").Builder;
            Assert.That((b.Username, b.Password, b.Host, b.Port, b.Database), Is.EqualTo(("app", "p?ss@w:rd", "db.internal", 6543, "app")));

            // An '@' after the first '/' of a URI that has no user information belongs to the database name or a parameter.
            var at = Resolve("postgresql://db.internal/my@db?application_name=me@ci").Builder;
            Assert.That((at.Host, at.Database, at.ApplicationName), Is.EqualTo(("db.internal", "my@db", "me@ci")));
        }

        [TestCase("postgresql://app:MyS3cretPrefix/tail@host/db")]
        [TestCase("postgresql://app:MyS3cretPrefix@ta@il?x@host")]
        [TestCase("postgresql://app@host/db?password=MyS3cretPrefix&tail=1")]
        [TestCase("postgresql://app:MyS3cretPrefix%zz@host/db")]
        [TestCase("postgresql://app:MyS3cretPrefix")]
        public void A_uri_that_cannot_be_read_is_never_quoted(string uri)
        {
            var e = Assert.Throws<DriftException>(() => Resolve(uri))!;
            Assert.That(e.Message, Does.StartWith("invalid connection URI: "));
            Assert.That(e.Message, Does.Not.Contain("S3cret").And.Not.Contain("tail").And.Not.Contain("MyS").And.Not.Contain("Prefix"));
        }

        [Test]
        public void Environment_fills_in_what_the_connection_string_leaves_out()
        {
            var environment = new Dictionary<string, string>
            {
                ["PGHOST"] = "envhost",
                ["PGPORT"] = "6000",
                ["PGDATABASE"] = "envdb",
                ["PGUSER"] = "envuser",
                ["PGPASSWORD"] = "envpw",
            };
            var b = Resolve("Host=given;Username=givenuser", environment).Builder;
            Assert.That((b.Host, b.Port, b.Username, b.Database, b.Password), Is.EqualTo(("given", 6000, "givenuser", "envdb", "envpw")));

            var fromEnvironmentOnly = Resolve(null, environment).Builder;
            Assert.That((fromEnvironmentOnly.Host, fromEnvironmentOnly.Username), Is.EqualTo(("envhost", "envuser")));
        }

        [Test]
        public void Database_defaults_to_the_user_name_as_in_libpq()
        {
            var b = Resolve("Host=h;Username=alice").Builder;
            Assert.That(b.Database, Is.EqualTo("alice"));
        }

        [Test]
        public void Bad_pgport_is_an_error()
            => Assert.That(() => Resolve(null, new Dictionary<string, string> { ["PGPORT"] = "abc" }), Throws.TypeOf<DriftException>().With.Message.EqualTo("invalid PGPORT 'abc': expected a port number"));

        [Test]
        public void Scrub_hides_the_password()
        {
            var target = Resolve("Host=h;Password=hunter2");
            Assert.That(ConnectionTarget.ScrubSecret("failed with hunter2 in it", target.Builder.Password), Is.EqualTo("failed with ******** in it"));
            Assert.That(target.ToString(), Does.Not.Contain("hunter2"));
        }
    }
}
