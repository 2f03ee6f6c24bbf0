using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>The README's main command: the sample's build shows the audit's findings, and nothing else.</summary>
    public sealed class SampleTests
    {
        [Test]
        public void Building_the_sample_shows_exactly_the_audits_findings()
        {
            var build = Shell.Run(Shell.RepositoryRoot, "dotnet", "build", "samples/AuditApp/AuditApp.csproj", "--no-incremental");
            Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
            var findings = Regex.Matches(build.Output, @"Models/(\w+\.cs)\((\d+),(\d+)\): warning (DRIFT\d{3}): (.*?) \(https://")
                .Select(m => m.Groups[1].Value + ":" + m.Groups[2].Value + " " + m.Groups[4].Value + " " + m.Groups[5].Value)
                .Distinct()
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .ToArray();
            Assert.That(findings, Is.EqualTo(new[]
            {
                "Account.cs:6 DRIFT008 Entity 'Account' maps to table public.user, which entity 'User' (in AppDbContext) also maps to, without table splitting or inheritance",
                "Coupon.cs:7 DRIFT009 Class 'Coupon' looks like an entity (it has [Table]) but is in no DbContext's model (AppDbContext, ReportingDbContext), so no migration creates its table and no query reaches it",
                "ExpertProfile.cs:8 DRIFT001 Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot audit_app.json (database audit_app))",
                "ExpertProfile.cs:8 DRIFT006 Property 'ExpertProfile.UserId' is declared Guid but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "Notification.cs:7 DRIFT006 Property 'Notification.UserId' is declared string but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "Review.cs:3 DRIFT002 Entity 'Review' maps to table public.reviews, which is not in the database (snapshot audit_app.json (database audit_app))",
                "Subscription.cs:15 DRIFT001 Property 'Subscription.UserId' is declared Guid (uuid) but column public.subscriptions.user_id is character varying(64) in the database (snapshot audit_app.json (database audit_app))",
                "User.cs:14 DRIFT008 Entity 'User' maps to table public.user, which entity 'Account' (in ReportingDbContext) also maps to, without table splitting or inheritance",
            }));
            Assert.That(build.Output, Does.Not.Match(@"warning (?!DRIFT)[A-Z]+\d+"), "the sample builds without any other warning");
        }
    }
}
