using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>The README's main command: the sample's build shows the audit's findings and its migrations' (DRIFT014-017), and nothing else.</summary>
    public sealed class SampleTests
    {
        [Test]
        public void Building_the_sample_shows_exactly_the_audits_findings()
        {
            var build = Shell.Run(Shell.RepositoryRoot, "dotnet", "build", "samples/AuditApp/AuditApp.csproj", "--no-incremental");
            Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
            var findings = Regex.Matches(build.Output, @"/(?:Models|Billing|Outbox)/(\w+\.cs)\((\d+),(\d+)\): warning (DRIFT\d{3}): (.*?) \(https://")
                .Select(m => m.Groups[1].Value + ":" + m.Groups[2].Value + " " + m.Groups[4].Value + " " + m.Groups[5].Value)
                .Distinct()
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .ToArray();
            Assert.That(findings, Is.EqualTo(new[]
            {
                "Account.cs:6 DRIFT008 Entity 'Account' maps to table public.user, which entity 'User' (in AppDbContext) also maps to, without table splitting or inheritance",
                "Coupon.cs:7 DRIFT009 Class 'Coupon' looks like an entity (it has [Table]) but is in no DbContext's model (AppDbContext, BillingDbContext, OutboxDbContext, ReportingDbContext), so no migration creates its table and no query reaches it",
                "ExpertProfile.cs:8 DRIFT001 Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot audit_app.json (database audit_app))",
                "ExpertProfile.cs:8 DRIFT006 Property 'ExpertProfile.UserId' is declared Guid but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "Invoice.cs:12 DRIFT014 Property 'Invoice.Number' is character varying(40) ([MaxLength]) in the code but character varying(32) in the migrations' model snapshot BillingDbContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context BillingDbContext) or give it a maximum length of 32 again",
                "Invoice.cs:15 DRIFT017 Property 'Invoice.CustomerId': column billing.invoices.customer_id is integer in the database but the migrations create it as uuid (created by migration 20250105090000_CreateInvoices; 20250220100000_InvoiceDueDate runs SQL of its own); the database is at the latest migration, 20250220100000_InvoiceDueDate, so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot audit_app.json (database audit_app))",
                "Notification.cs:7 DRIFT006 Property 'Notification.UserId' is declared string but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "OutboxDbContext.cs:6 DRIFT015 DbContext 'OutboxDbContext': the database is 1 migration behind, 20250312090000_OutboxAttempts not applied (history table public.__EFMigrationsHistory, snapshot audit_app.json (database audit_app)): apply it with dotnet ef database update --context OutboxDbContext, then take the snapshot again",
                "OutboxDbContext.cs:6 DRIFT016 DbContext 'OutboxDbContext': the database has 1 migration that the code does not have: 20250301120000_OutboxPriority (history table public.__EFMigrationsHistory, snapshot audit_app.json (database audit_app)); another branch or version applied it: merge the code that has it, or undo it in the database",
                "Review.cs:3 DRIFT002 Entity 'Review' maps to table public.reviews, which is not in the database (snapshot audit_app.json (database audit_app))",
                "Subscription.cs:15 DRIFT001 Property 'Subscription.UserId' is declared Guid (uuid) but column public.subscriptions.user_id is character varying(64) in the database (snapshot audit_app.json (database audit_app))",
                "User.cs:14 DRIFT008 Entity 'User' maps to table public.user, which entity 'Account' (in ReportingDbContext) also maps to, without table splitting or inheritance",
            }));
            Assert.That(build.Output, Does.Not.Match(@"warning (?!DRIFT)[A-Z]+\d+"), "the sample builds without any other warning");
        }
    }
}
