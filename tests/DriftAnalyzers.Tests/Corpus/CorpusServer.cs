using System;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// The one PostgreSQL server of the corpus tests (this namespace only: other tests do not pay for it). Every corpus
    /// project gets a database migrated once; each injected drift works on a copy made with CREATE DATABASE ... TEMPLATE.
    /// </summary>
    [SetUpFixture]
    public sealed class CorpusServer
    {
        private static PostgresServer? server;

        public static PostgresServer Server => server ?? throw new InvalidOperationException("the corpus PostgreSQL server is not running");

        [OneTimeSetUp]
        public void Start() => server = PostgresServer.Start();

        [OneTimeTearDown]
        public void Stop()
        {
            CorpusWorkspace.Reset();
            server?.Dispose();
            server = null;
        }
    }
}
