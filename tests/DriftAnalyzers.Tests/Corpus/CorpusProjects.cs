using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// The corpus (tests/Corpus, see docs/corpus.md) and what the analyzers must say about it: nothing on the database the
    /// project's own migrations create (but the true findings listed), and each injected drift caught by its rule on its
    /// declaration, with nothing else new. Each drift changes one table or column of that project's own pattern.
    /// </summary>
    internal static class CorpusProjects
    {
        public static readonly IReadOnlyList<CorpusProject> All = new[]
        {
            IdentityApp(), Catalog(), Forum(), Ledger(), CleanArch(), BaseContext(), Storefront(), SharedTable(),
        };

        /// <summary>Drops the foreign key constraint on <paramref name="table"/>(<paramref name="column"/>), whatever it is named.</summary>
        private static string DropForeignKey(string table, string column)
            => $"""
                DO $$
                DECLARE c text;
                BEGIN
                  SELECT conname INTO STRICT c FROM pg_constraint
                  WHERE conrelid = '{table}'::regclass AND contype = 'f'
                    AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = '{column}')];
                  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '{table}', c);
                END $$;
                """;

        /// <summary>
        /// The history table the project's migrations wrote (EF Core's <c>__EFMigrationsHistory</c>, wherever it is, its ID column
        /// <c>MigrationId</c> or, under EFCore.NamingConventions, <c>migration_id</c>) and <paramref name="statement"/> run on it:
        /// <c>%1$s</c> is the table, <c>%2$I</c> the ID column.
        /// </summary>
        private static string OnHistory(string statement)
            => $"""
                DO $$
                DECLARE t regclass; c text;
                BEGIN
                  SELECT a.attrelid::regclass, a.attname INTO STRICT t, c FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
                  WHERE r.relname = '__EFMigrationsHistory' AND a.attname IN ('MigrationId', 'migration_id');
                  EXECUTE format('{statement}', t, c);
                END $$;
                """;

        /// <summary>The latest migration's row is removed: the database looks one migration behind (its schema is unchanged).</summary>
        private static Drift Behind(string contextFile, string contextDeclaration)
            => new Drift(
                "DRIFT015",
                "the latest migration's row is removed from the history table",
                OnHistory("DELETE FROM %1$s WHERE %2$I = (SELECT max(%2$I) FROM %1$s)"),
                new ExpectedFinding("DRIFT015", contextFile, contextDeclaration));

        /// <summary>A migration of another branch is recorded as applied.</summary>
        private static Drift Foreign(string contextFile, string contextDeclaration)
            => new Drift(
                "DRIFT016",
                "a migration the code does not have is recorded as applied",
                OnHistory("INSERT INTO %1$s VALUES (''29990101000000_FromAnotherBranch'', ''10.0.1'')"),
                new ExpectedFinding("DRIFT016", contextFile, contextDeclaration));

        private static CorpusProject IdentityApp()
        {
            const string Csproj = "IdentityApp/IdentityApp.csproj";
            var p = new CorpusProject("IdentityApp", "1 Identity; 8 one-to-one keyed by its FK; 10 read-only projection (ToView)", Csproj);
            p.Contexts.Add(new CorpusContext(Csproj, "IdentityApp.Data.ApplicationDbContext", true, CorpusContext.Npgsql));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "AspNetUsers.DisplayName (ApplicationUser, and the UserListItem projection of the same table) becomes integer",
                """ALTER TABLE "AspNetUsers" ALTER COLUMN "DisplayName" TYPE integer USING NULL;""",
                new ExpectedFinding("DRIFT017", "Models/ApplicationUser.cs", "public string? DisplayName"),
                new ExpectedFinding("DRIFT001", "Models/UserListItem.cs", "public string? DisplayName")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "Profiles.Bio (the one-to-one dependent keyed by its FK) is dropped",
                """ALTER TABLE "Profiles" DROP COLUMN "Bio";""",
                new ExpectedFinding("DRIFT017", "Models/UserProfile.cs", "public string? Bio")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "AspNetUsers.RegisteredAt (ApplicationUser, DateTime) becomes nullable",
                """ALTER TABLE "AspNetUsers" ALTER COLUMN "RegisteredAt" DROP NOT NULL;""",
                new ExpectedFinding("DRIFT017", "Models/ApplicationUser.cs", "public DateTime RegisteredAt")));
            // IdentityUserRole<string> and IdentityUserToken<string> are Identity's own classes (no source in this
            // compilation): their findings land on the model snapshot's lines that map them (the entity, or the property).
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "Identity's AspNetUserRoles loses its FK to AspNetUsers",
                DropForeignKey("\"AspNetUserRoles\"", "UserId"),
                new ExpectedFinding("DRIFT007", "Migrations/ApplicationDbContextModelSnapshot.cs", "b.Property<string>(\"UserId\")", After: "modelBuilder.Entity(\"Microsoft.AspNetCore.Identity.IdentityUserRole<string>\"")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "Identity's AspNetUserTokens table is dropped",
                """DROP TABLE "AspNetUserTokens";""",
                new ExpectedFinding("DRIFT002", "Migrations/ApplicationDbContextModelSnapshot.cs", "modelBuilder.Entity(\"Microsoft.AspNetCore.Identity.IdentityUserToken<string>\"", After: "protected override void BuildModel")));
            p.Drifts.Add(Behind("Data/ApplicationDbContext.cs", "public class ApplicationDbContext"));
            p.Drifts.Add(Foreign("Data/ApplicationDbContext.cs", "public class ApplicationDbContext"));
            return p;
        }

        private static CorpusProject Catalog()
        {
            const string Csproj = "Catalog/Catalog.csproj";
            var p = new CorpusProject("Catalog", "2 composite keys (string? parts), join entity; 10 read-only context (ToTable + ExcludeFromMigrations)", Csproj);
            p.Contexts.Add(new CorpusContext(Csproj, "Catalog.Data.CatalogDbContext", true, CorpusContext.Npgsql));
            p.Contexts.Add(new CorpusContext(Csproj, "Catalog.Reading.CatalogReadContext", false, CorpusContext.Npgsql));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "Translations.Culture (a string? part of the composite key) becomes integer",
                """ALTER TABLE "Translations" ALTER COLUMN "Culture" TYPE integer USING 0;""",
                new ExpectedFinding("DRIFT017", "Entities/Translation.cs", "public string? Culture")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "ProductTags.AddedAt (payload of the join entity) is dropped",
                """ALTER TABLE "ProductTags" DROP COLUMN "AddedAt";""",
                new ExpectedFinding("DRIFT017", "Entities/Tag.cs", "public DateTime AddedAt")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "Products.Name becomes nullable (Product, and the read-only ProductListing of the same table)",
                """ALTER TABLE "Products" ALTER COLUMN "Name" DROP NOT NULL;""",
                new ExpectedFinding("DRIFT017", "Entities/Product.cs", "public string Name"),
                new ExpectedFinding("DRIFT004", "Reading/CatalogReadContext.cs", "public string Name")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "the join table ProductTags loses its FK to Tags",
                DropForeignKey("\"ProductTags\"", "TagId"),
                new ExpectedFinding("DRIFT007", "Entities/Tag.cs", "public int TagId")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "the table of the composite-key entity Translation is dropped",
                """DROP TABLE "Translations";""",
                new ExpectedFinding("DRIFT002", "Entities/Translation.cs", "public class Translation")));
            p.Drifts.Add(Behind("Data/CatalogDbContext.cs", "public class CatalogDbContext"));
            p.Drifts.Add(Foreign("Data/CatalogDbContext.cs", "public class CatalogDbContext"));
            return p;
        }

        private static CorpusProject Forum()
        {
            const string Csproj = "Forum/Forum.csproj";
            var p = new CorpusProject("Forum", "3 FixSnakeCaseNames, ModerationContext.ConfigureModel, HasJsonColumn(); 9 [Table] classes no context reaches", Csproj);
            p.Contexts.Add(new CorpusContext(Csproj, "Forum.Data.ForumDbContext", true, CorpusContext.Npgsql));
            p.Contexts.Add(new CorpusContext(Csproj, "Forum.Data.ModerationContext", false, CorpusContext.Npgsql));
            p.Untouched.Add(new ExpectedFinding("DRIFT009", "Legacy/LegacyVote.cs", "public class LegacyVote")
            {
                Why = "true: [Table(\"legacy_votes\")] but in no context's model, and no such table",
            });
            p.Untouched.Add(new ExpectedFinding("DRIFT009", "Legacy/Ban.cs", "public class Ban")
            {
                Why = "true: [Table(\"forum_bans\")] but in no context's model, and no such table",
            });
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "posts.score (named by FixSnakeCaseNames) becomes text",
                "ALTER TABLE posts ALTER COLUMN score TYPE text;",
                new ExpectedFinding("DRIFT017", "Entities/Post.cs", "public int Score")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "moderators.nickname (configured by ModerationContext.ConfigureModel) is dropped",
                "ALTER TABLE moderators DROP COLUMN nickname;",
                new ExpectedFinding("DRIFT017", "Entities/Moderation.cs", "public string Nickname")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "threads.title (IsRequired, nullable reference types off) becomes nullable",
                "ALTER TABLE threads ALTER COLUMN title DROP NOT NULL;",
                new ExpectedFinding("DRIFT017", "Entities/ForumThread.cs", "public string Title")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "posts loses its FK to threads",
                DropForeignKey("posts", "thread_id"),
                new ExpectedFinding("DRIFT007", "Entities/Post.cs", "public int ThreadId")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "api_clients (named by FixSnakeCaseNames; Scopes on jsonb through HasJsonColumn) is dropped",
                "DROP TABLE api_clients;",
                new ExpectedFinding("DRIFT002", "Entities/ApiClient.cs", "public class ApiClient")));
            p.Drifts.Add(Behind("Data/ForumDbContext.cs", "public class ForumDbContext"));
            p.Drifts.Add(Foreign("Data/ForumDbContext.cs", "public class ForumDbContext"));
            return p;
        }

        private static CorpusProject Ledger()
        {
            const string Csproj = "Ledger/Ledger.csproj";
            var p = new CorpusProject("Ledger", "4 GetEntityTypes() loop that only sets timestamp defaults", Csproj);
            p.Contexts.Add(new CorpusContext(Csproj, "Ledger.Data.LedgerContext", true, CorpusContext.Npgsql));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "accounts.balance becomes text",
                "ALTER TABLE accounts ALTER COLUMN balance TYPE text;",
                new ExpectedFinding("DRIFT017", "Models/Account.cs", "public decimal Balance")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "journal_entries.created_at (its default set by the loop) is dropped",
                "ALTER TABLE journal_entries DROP COLUMN created_at;",
                new ExpectedFinding("DRIFT017", "Models/JournalEntry.cs", "public DateTime CreatedAt")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "audit_logs.entity_name becomes nullable",
                "ALTER TABLE audit_logs ALTER COLUMN entity_name DROP NOT NULL;",
                new ExpectedFinding("DRIFT017", "Models/AuditLog.cs", "public string EntityName")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "accounts loses its FK to currencies (an entity in a *.Designer.cs file)",
                DropForeignKey("accounts", "currency_code"),
                new ExpectedFinding("DRIFT007", "Models/Account.cs", "public string CurrencyCode")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "audit_logs is dropped",
                "DROP TABLE audit_logs;",
                new ExpectedFinding("DRIFT002", "Models/AuditLog.cs", "public class AuditLog")));
            p.Drifts.Add(Behind("Data/LedgerContext.cs", "public sealed class LedgerContext"));
            p.Drifts.Add(Foreign("Data/LedgerContext.cs", "public sealed class LedgerContext"));
            return p;
        }

        private static CorpusProject CleanArch()
        {
            const string Persistence = "CleanArch/Persistence/Persistence.csproj";
            var p = new CorpusProject("CleanArch", "5 entities in a Domain project without EF Core", "CleanArch/Domain/Domain.csproj", Persistence, "CleanArch/App/App.csproj");
            // As App/Program.cs registers it: AddDbContext<ApplicationDbContext>(o => o.UseNpgsql(...).UseSnakeCaseNamingConvention()).
            p.Contexts.Add(new CorpusContext(Persistence, "CleanArch.Persistence.ApplicationDbContext", true, (b, c) => b.UseNpgsql(c).UseSnakeCaseNamingConvention()));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "shop.products.stock_quantity (Domain's Product) becomes text",
                "ALTER TABLE shop.products ALTER COLUMN stock_quantity TYPE text;",
                new ExpectedFinding("DRIFT017", "Domain/Products/Product.cs", "public int StockQuantity")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "shop.customers.phone_number (Domain's Customer) is dropped",
                "ALTER TABLE shop.customers DROP COLUMN phone_number;",
                new ExpectedFinding("DRIFT017", "Domain/Customers/Customer.cs", "public string? PhoneNumber")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "shop.order_lines.product_name (Domain's OrderLine) becomes nullable",
                "ALTER TABLE shop.order_lines ALTER COLUMN product_name DROP NOT NULL;",
                new ExpectedFinding("DRIFT017", "Domain/Orders/OrderLine.cs", "public string ProductName")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "shop.orders loses its FK to shop.customers (configured in CustomerConfiguration, no navigation)",
                DropForeignKey("shop.orders", "customer_id"),
                new ExpectedFinding("DRIFT007", "Domain/Orders/Order.cs", "public Guid CustomerId")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "shop.products is dropped",
                "DROP TABLE shop.products;",
                new ExpectedFinding("DRIFT002", "Domain/Products/Product.cs", "public sealed class Product")));
            p.Drifts.Add(Behind("Persistence/ApplicationDbContext.cs", "public sealed class ApplicationDbContext"));
            p.Drifts.Add(Foreign("Persistence/ApplicationDbContext.cs", "public sealed class ApplicationDbContext"));
            return p;
        }

        private static CorpusProject BaseContext()
        {
            const string Helpdesk = "BaseContext/Helpdesk/Helpdesk.csproj";
            var p = new CorpusProject("BaseContext", "6 abstract generic base DbContext in a referenced library", "BaseContext/Platform/Platform.csproj", Helpdesk);
            p.Contexts.Add(new CorpusContext(Helpdesk, "Helpdesk.Data.HelpdeskDbContext", true, CorpusContext.Npgsql));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "platform.tenants.IsActive (Tenant, declared in the library) becomes text",
                """ALTER TABLE platform.tenants ALTER COLUMN "IsActive" TYPE text;""",
                new ExpectedFinding("DRIFT017", "Platform/Entities/PlatformEntities.cs", "public bool IsActive")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "Comments.IsInternal is dropped",
                """ALTER TABLE "Comments" DROP COLUMN "IsInternal";""",
                new ExpectedFinding("DRIFT017", "Helpdesk/Tickets/Ticket.cs", "public bool IsInternal")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "Incidents.Severity (TPT derived type) becomes nullable",
                """ALTER TABLE "Incidents" ALTER COLUMN "Severity" DROP NOT NULL;""",
                new ExpectedFinding("DRIFT017", "Helpdesk/Tickets/Ticket.cs", "public int Severity")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "Tickets loses its FK to platform.users (the base context's DbSet<TUser>, TUser = Agent)",
                DropForeignKey("\"Tickets\"", "AssigneeId"),
                new ExpectedFinding("DRIFT007", "Helpdesk/Tickets/Ticket.cs", "public Guid? AssigneeId")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "platform.tenant_settings (TenantSetting, declared and configured in the library) is dropped",
                "DROP TABLE platform.tenant_settings;",
                new ExpectedFinding("DRIFT002", "Platform/Entities/PlatformEntities.cs", "public class TenantSetting")));
            p.Drifts.Add(Behind("Helpdesk/Data/HelpdeskDbContext.cs", "public class HelpdeskDbContext"));
            p.Drifts.Add(Foreign("Helpdesk/Data/HelpdeskDbContext.cs", "public class HelpdeskDbContext"));
            return p;
        }

        private static CorpusProject Storefront()
        {
            const string Csproj = "Storefront/Storefront.csproj";
            var p = new CorpusProject("Storefront", "7 derived context with a model-wide loop (its file sorts first)", Csproj);
            p.Contexts.Add(new CorpusContext(Csproj, "Storefront.Data.NpgsqlStoreDbContext", true, CorpusContext.Npgsql));
            p.Contexts.Add(new CorpusContext(Csproj, "Storefront.Data.StoreDbContext", false, CorpusContext.Npgsql));
            p.Drifts.Add(new Drift(
                "DRIFT001",
                "coupons.value becomes text",
                "ALTER TABLE coupons ALTER COLUMN value TYPE text;",
                new ExpectedFinding("DRIFT017", "Model/Coupon.cs", "public decimal Value")));
            p.Drifts.Add(new Drift(
                "DRIFT003",
                "customers.fullname (lower-cased by the derived context's loop) is dropped",
                "ALTER TABLE customers DROP COLUMN fullname;",
                new ExpectedFinding("DRIFT017", "Model/Customer.cs", "public string? FullName")));
            p.Drifts.Add(new Drift(
                "DRIFT004",
                "cartitems.productsku becomes nullable",
                "ALTER TABLE cartitems ALTER COLUMN productsku DROP NOT NULL;",
                new ExpectedFinding("DRIFT017", "Model/Cart.cs", "public string ProductSku")));
            p.Drifts.Add(new Drift(
                "DRIFT007",
                "carts loses its FK to customers",
                DropForeignKey("carts", "customerid"),
                new ExpectedFinding("DRIFT007", "Model/Cart.cs", "public int? CustomerId")));
            p.Drifts.Add(new Drift(
                "DRIFT002",
                "coupons is dropped",
                "DROP TABLE coupons;",
                new ExpectedFinding("DRIFT002", "Model/Coupon.cs", "public class Coupon")));
            p.Drifts.Add(Behind("Data/NpgsqlStoreDbContext.cs", "public sealed class NpgsqlStoreDbContext"));
            p.Drifts.Add(Foreign("Data/NpgsqlStoreDbContext.cs", "public sealed class NpgsqlStoreDbContext"));
            return p;
        }

        private static CorpusProject SharedTable()
        {
            const string Csproj = "SharedTable/SharedTable.csproj";
            var p = new CorpusProject("SharedTable", "11 one table claimed twice with fluent ToTable (EF Core rejects the model; no migrations)", Csproj)
            {
                DatabaseSql = System.IO.File.ReadAllText(Infrastructure.Repository.File("tests", "Corpus", "SharedTable", "database.sql")),
                ModelRejected = true,
            };
            // Not migrated: EF Core's model validation throws (CorpusTests checks that it does).
            p.Contexts.Add(new CorpusContext(Csproj, "SharedTable.Data.BillingContext", false, CorpusContext.Npgsql));
            p.Untouched.Add(new ExpectedFinding("DRIFT008", "Data/BillingContext.cs", "public class Invoice")
            {
                Why = "true: Invoice and InvoiceListRow both map public.invoices with fluent ToTable, without a one-to-one between their keys",
            });
            p.Untouched.Add(new ExpectedFinding("DRIFT008", "Data/BillingContext.cs", "public class InvoiceListRow")
            {
                Why = "true: the other side of the same claim",
            });
            p.Untouched.Add(new ExpectedFinding("DRIFT012", "Data/BillingContext.cs", "public class InvoiceListRow")
            {
                Why = "true: nothing in the code makes InvoiceListRow read-only, and an insert through it leaves customer_id and issued_on (NOT NULL, no default) empty",
            });
            return p;
        }
    }
}
