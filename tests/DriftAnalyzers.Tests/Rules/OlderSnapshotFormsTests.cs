using System;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// What older EF Core versions (5 and 6) and other Npgsql calls write into a model snapshot, read as the new rules need
    /// it: a check constraint on the entity's builder, the value generation strategy as an annotation, a named index, a
    /// generated tsvector column (whose SQL the snapshot does not state), HasDefaultValue(null). The database matching it
    /// gives no finding; each drift, its finding.
    /// </summary>
    public sealed class OlderSnapshotFormsTests
    {
        private const string Entities = """
            namespace Docs
            {
                public class Document
                {
                    public int Id { get; set; }
                    public string Code { get; set; } = "";
                    public string? Title { get; set; }
                    public int Rank { get; set; }
                    public NpgsqlTypes.NpgsqlTsVector Search { get; set; } = null!;
                }

                public class DocsContext : Microsoft.EntityFrameworkCore.DbContext
                {
                    public Microsoft.EntityFrameworkCore.DbSet<Document> Documents => Set<Document>();
                }
            }
            """;

        private const string Snapshot = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

            namespace Docs.Migrations
            {
                [DbContext(typeof(DocsContext))]
                partial class DocsContextModelSnapshot : ModelSnapshot
                {
                    protected override void BuildModel(ModelBuilder modelBuilder)
                    {
                        modelBuilder
                            .HasAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                            .HasAnnotation("ProductVersion", "6.0.0")
                            .HasAnnotation("Relational:MaxIdentifierLength", 63);

                        modelBuilder.Entity("Docs.Document", b =>
                            {
                                b.Property<int>("Id")
                                    .ValueGeneratedOnAdd()
                                    .HasColumnType("integer")
                                    .HasAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

                                b.Property<string>("Code")
                                    .IsRequired()
                                    .HasColumnType("text");

                                b.Property<int>("Rank")
                                    .HasColumnType("integer");

                                b.Property<NpgsqlTypes.NpgsqlTsVector>("Search")
                                    .IsRequired()
                                    .ValueGeneratedOnAddOrUpdate()
                                    .HasColumnType("tsvector")
                                    .HasAnnotation("Npgsql:TsVectorConfig", "english")
                                    .HasAnnotation("Npgsql:TsVectorProperties", new[] { "Code" });

                                b.Property<string>("Title")
                                    .HasColumnType("text")
                                    .HasDefaultValue(null);

                                b.HasKey("Id");

                                b.HasIndex(new[] { "Code" }, "IX_custom_code")
                                    .IsUnique();

                                b.HasIndex("Title")
                                    .HasAnnotation("Npgsql:IndexMethod", "hash");

                                b.HasIndex("Code", "Title")
                                    .IsUnique()
                                    .HasAnnotation("Npgsql:TsVectorConfig", "english");

                                b.ToTable("Documents");

                                b.HasCheckConstraint("CK_Documents_Rank", "\"Rank\" BETWEEN 0 AND 10");
                            });
                    }
                }
            }
            """;

        private static string Database(string columns = """
                    { "name": "Id", "type": "integer", "nullable": false, "identity": "by default" },
                    { "name": "Code", "type": "text", "nullable": false },
                    { "name": "Rank", "type": "integer", "nullable": false },
                    { "name": "Search", "type": "tsvector", "nullable": false, "generated": "to_tsvector('english'::regconfig, COALESCE(\"Code\", ''::text))" },
                    { "name": "Title", "type": "text", "nullable": true }
            """, string checks = """{ "name": "CK_Documents_Rank", "definition": "CHECK (((\"Rank\" >= 0) AND (\"Rank\" <= 10)))" }""", string indexes = IndexCode + ", " + IndexTitle + ", " + IndexSearch)
            => $$"""
            {
              "format": "drift-schema-snapshot",
              "version": 1,
              "database": "docs",
              "serverVersion": "16",
              "filter": { "schemas": [], "excludeTables": [] },
              "tables": [
                {
                  "schema": "public",
                  "name": "Documents",
                  "kind": "table",
                  "columns": [
            {{columns}}
                  ],
                  "primaryKey": { "name": "PK_Documents", "columns": ["Id"] },
                  "foreignKeys": [],
                  "uniqueConstraints": [],
                  "checkConstraints": [{{checks}}],
                  "indexes": [{{indexes}}]
                }
              ],
              "views": [],
              "enums": [],
              "domains": []
            }
            """;

        private const string IndexCode = """{ "name": "IX_custom_code", "columns": ["Code"], "unique": true, "method": "btree" }""";

        private const string IndexTitle = """{ "name": "IX_Documents_Title", "columns": ["Title"], "unique": false, "method": "hash" }""";

        /// <summary>The tsvector expression index: its key is an expression, not the two columns.</summary>
        private const string IndexSearch = """{ "name": "IX_Documents_Code_Title", "columns": ["to_tsvector('english'::regconfig, ((\"Code\" || ' '::text) || \"Title\"))"], "unique": true, "method": "gin" }""";

        private static async Task<string[]> FindingsAsync(string database)
        {
            var compilation = AnalyzerRunner.Compile(new[] { ("/Docs/Document.cs", Entities), ("/Docs/Migrations/DocsContextModelSnapshot.cs", Snapshot) });
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, database);
            Assert.That(exceptions, Is.Empty);
            return diagnostics.Select(d => d.Id + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + (d.Id == "DRIFT010" ? " " + d.GetMessage() : string.Empty)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }

        [Test]
        public async Task The_matching_database_gives_no_finding()
            => Assert.That(await FindingsAsync(Database()), Is.Empty);

        [Test]
        public async Task A_check_constraint_PostgreSQL_rewrites_is_not_compared_but_a_dropped_one_is_reported()
        {
            Assert.That(await FindingsAsync(Database(checks: """{ "name": "CK_Documents_Rank", "definition": "CHECK (((\"Rank\" >= 0) AND (\"Rank\" <= 11)))" }""")), Is.Empty);
            Assert.That(await FindingsAsync(Database(checks: string.Empty)), Is.EqualTo(new[] { "DRIFT023 Document.cs:3" }));
        }

        [Test]
        public async Task A_named_index_is_matched_by_columns_and_its_uniqueness_compared()
        {
            Assert.That(await FindingsAsync(Database(indexes: """{ "name": "ix_other_name", "columns": ["Code"], "unique": true, "method": "btree" }, """ + IndexTitle + ", " + IndexSearch)), Is.Empty);
            Assert.That(await FindingsAsync(Database(indexes: """{ "name": "IX_custom_code", "columns": ["Code"], "unique": false, "method": "btree" }, """ + IndexTitle + ", " + IndexSearch)), Is.EqualTo(new[] { "DRIFT019 Document.cs:6" }));
            Assert.That(await FindingsAsync(Database(indexes: IndexTitle + ", " + IndexSearch)), Is.EqualTo(new[] { "DRIFT018 Document.cs:6" }));
        }

        [Test]
        public async Task The_method_annotation_is_read_and_a_tsvector_expression_index_is_left_alone()
        {
            Assert.That(await FindingsAsync(Database(indexes: IndexCode + ", " + IndexTitle)), Is.Empty, "the expression index is not matched by columns");
            Assert.That(await FindingsAsync(Database(indexes: IndexCode + ", " + IndexTitle.Replace("hash", "btree", StringComparison.Ordinal) + ", " + IndexSearch)), Is.EqualTo(new[] { "DRIFT019 Document.cs:7" }));
        }

        [Test]
        public async Task The_annotation_strategy_and_the_tsvector_column_are_read()
        {
            string plainSearch = Database().Replace(", \"generated\": \"to_tsvector('english'::regconfig, COALESCE(\\\"Code\\\", ''::text))\"", string.Empty, StringComparison.Ordinal);
            Assert.That(plainSearch, Is.Not.EqualTo(Database()));
            Assert.That(await FindingsAsync(plainSearch), Is.EqualTo(new[] { "DRIFT024 Document.cs:9" }));

            string noIdentity = Database().Replace(", \"identity\": \"by default\"", string.Empty, StringComparison.Ordinal);
            Assert.That(await FindingsAsync(noIdentity), Is.EqualTo(new[] { "DRIFT025 Document.cs:5" }));
        }
    }
}
