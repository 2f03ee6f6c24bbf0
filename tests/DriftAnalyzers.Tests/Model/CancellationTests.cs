using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The editor cancels an analysis when the next keystroke comes: the model build stops, and keeps nothing, so the next
    /// analysis of the same compilation (which shares the per-compilation context) builds it whole.
    /// </summary>
    public class CancellationTests
    {
        [Test]
        public void A_cancelled_model_build_stops_and_the_next_one_builds_the_whole_model()
        {
            var compilation = AnalyzerRunner.Compile(Corpus.Sample());
            var snapshots = SnapshotSet.Create(ImmutableArray<AdditionalText>.Empty, _ => SnapshotReadResult.NotASnapshot, CancellationToken.None);
            var drift = new DriftContext(compilation, snapshots, EmptyOptions.Instance, ImmutableArray<AdditionalText>.Empty);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.Throws(Is.InstanceOf<OperationCanceledException>(), () => drift.Prepare(cancelled.Token));

            drift.Prepare(CancellationToken.None);
            var whole = EntityModelBuilder.Build(compilation, EmptyOptions.Instance, CancellationToken.None);
            Assert.That(whole.Entities, Has.Count.GreaterThan(5));
            Assert.That(Describe(drift.Model), Is.EqualTo(Describe(whole)));
        }

        private static string[] Describe(EntityModel model)
            => model.Entities.Values
                .SelectMany(e => e.Properties.Select(p => e.Name + " " + e.Schema + "." + e.Table + " " + p.Name + " " + p.Column))
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToArray();
    }
}
