using System.Collections.Immutable;
using System.Globalization;
using DriftAnalyzers.Model;
using DriftAnalyzers.Model.Migrations;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT026: the sequences a context's migrations model snapshot declares (HasSequence, the HiLo sequence UseHiLo
    /// names) compared with those its database's snapshot records, once per context, on its declaration (a context whose
    /// model snapshot is one of the compilation's files). Only where the
    /// snapshot recorded sequences (format version 3), the sequence's schema is in its scope, and the database is not
    /// behind its migrations (DRIFT015 speaks for that). A sequence the database has and the model does not is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SequenceAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SequenceMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            if (!drift.Model.Contexts.TryGetValue(Facts.Key(type), out var contextModel)
                || contextModel.ModelSnapshot is not { IsNpgsql: true, Sequences.IsEmpty: false } model
                || drift.HistoryOf(contextModel.Type.Key) is { ExplainsDifferences: true })
            {
                return;
            }

            var database = drift.DatabaseOfContext(contextModel);
            if (database.Problem != null || drift.Snapshots.FileOf(database.Name) is not { Snapshot.Sequences: not null } file)
            {
                return;
            }

            string defaultSchema = model.DefaultSchema ?? contextModel.DefaultSchema;
            var location = drift.Locate(contextModel.Type.Location);
            foreach (var sequence in model.Sequences)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                string schema = sequence.Schema ?? defaultSchema;
                if (!InScope(file.Snapshot.Filter, schema))
                {
                    continue;
                }

                var found = file.Snapshot.FindSequence(schema, sequence.Name);
                string? problem = found == null
                    ? "inserts that take a value from it fail: the sequence does not exist"
                    : sequence.Type != null && sequence.Type != found.Type
                        ? "its values and its limit are those of " + found.Type + ", not of the model's " + sequence.Type
                        : sequence.Increment is { } increment && increment != found.Increment
                            ? "each nextval moves by " + Number(found.Increment) + " instead of " + Number(increment) + (HiLoIn(model.Entities, schema, sequence.Name, defaultSchema)
                                ? ", so the blocks of keys EF Core's HiLo hands out overlap and inserts collide"
                                : ", so the values the application takes from it are not the ones the model says")
                            : null;
                if (problem == null)
                {
                    continue;
                }

                var additional = found != null
                    ? new[] { file.LocationOf(found.Position), drift.Locate(sequence.Location) }
                    : new[] { drift.Locate(sequence.Location) };
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SequenceMismatch,
                    location,
                    additional,
                    contextModel.Type.Name,
                    SnapshotNames.Display(schema, sequence.Name),
                    Describe(sequence.Type, sequence.Increment, "declared"),
                    sequence.DeclaredBy,
                    found == null ? "missing" : Describe(found.Type, found.Increment, string.Empty),
                    problem,
                    model.FileName,
                    file.DisplayName));
            }
        }

        /// <summary><c>--schema</c> values, or every schema but the system ones when there is none.</summary>
        private static bool InScope(SnapshotFilter filter, string schema)
        {
            if (filter.Schemas.Count == 0)
            {
                return schema != "information_schema" && !schema.StartsWith("pg_", System.StringComparison.Ordinal);
            }

            foreach (string scoped in filter.Schemas)
            {
                if (scoped == schema)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a property of the model takes its values from this sequence with HiLo.</summary>
        private static bool HiLoIn(ImmutableArray<SnapshotEntity> entities, string schema, string name, string defaultSchema)
        {
            foreach (var entity in entities)
            {
                if (HiLoIn(entity, schema, name, defaultSchema))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HiLoIn(SnapshotEntity entity, string schema, string name, string defaultSchema)
        {
            foreach (var property in entity.Properties)
            {
                if (property.HiLoSequence == name && (property.HiLoSchema ?? defaultSchema) == schema)
                {
                    return true;
                }
            }

            foreach (var owned in entity.Owned)
            {
                if (HiLoIn(owned, schema, name, defaultSchema))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>bigint, increment 10</c>; what is not known is left out.</summary>
        private static string Describe(string? type, long? increment, string unknown)
        {
            if (type == null && increment == null)
            {
                return unknown;
            }

            return type == null ? "increment " + Number(increment!.Value)
                : increment == null ? type
                : type + ", increment " + Number(increment.Value);
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
