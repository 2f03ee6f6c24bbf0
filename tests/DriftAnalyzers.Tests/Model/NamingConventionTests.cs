using System.Globalization;
using DriftAnalyzers.Model;
using NamingConvention = DriftAnalyzers.Model.NamingConvention;
using EFCore.NamingConventions.Internal;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>Our rewriting agrees with EFCore.NamingConventions' own rewriters, name for name.</summary>
    public sealed class NamingConventionTests
    {
        private static readonly string[] Names =
        {
            "UserId", "ExpertProfiles", "Id", "HTMLPage", "URL", "ABCDef", "Address1", "Address1Line", "IPv4Address", "already_snake",
            "Mixed_Case_Name", "X", "xY", "Version2Beta", "SMS", "SMSCode", "iPhone", "TheIDs", "Ünïcödé", "Some__Double", "A1B2C3", "EFMigrationsHistory",
        };

        [TestCaseSource(nameof(Names))]
        public void Snake_case_matches_EFCore_NamingConventions(string name)
            => Assert.That(NamingConvention.SnakeCase.Rewrite(name), Is.EqualTo(new SnakeCaseNameRewriter(CultureInfo.InvariantCulture).RewriteName(name)));

        [TestCaseSource(nameof(Names))]
        public void Upper_snake_case_matches_EFCore_NamingConventions(string name)
            => Assert.That(NamingConvention.UpperSnakeCase.Rewrite(name), Is.EqualTo(new UpperSnakeCaseNameRewriter(CultureInfo.InvariantCulture).RewriteName(name)));

        [TestCaseSource(nameof(Names))]
        public void Lower_case_matches_EFCore_NamingConventions(string name)
            => Assert.That(NamingConvention.LowerCase.Rewrite(name), Is.EqualTo(new LowerCaseNameRewriter(CultureInfo.InvariantCulture).RewriteName(name)));

        [TestCaseSource(nameof(Names))]
        public void Camel_case_matches_EFCore_NamingConventions(string name)
            => Assert.That(NamingConvention.CamelCase.Rewrite(name), Is.EqualTo(new CamelCaseNameRewriter(CultureInfo.InvariantCulture).RewriteName(name)));
    }
}
