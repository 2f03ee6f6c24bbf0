using System.IO;
using System.Text.RegularExpressions;
using DriftAnalyzers.Tests.Infrastructure;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>The help links come from the one place the repository's address is set, and point at docs that exist at that path.</summary>
    public sealed class HelpLinkTests
    {
        [Test]
        public void The_help_link_base_is_built_from_DriftRepositoryUrl()
        {
            string props = File.ReadAllText(Repository.File("Directory.Build.props"));
            string url = Regex.Match(props, "<DriftRepositoryUrl>([^<]+)</DriftRepositoryUrl>").Groups[1].Value;
            string reference = Regex.Match(props, "<DriftDocsRef>([^<]+)</DriftDocsRef>").Groups[1].Value;
            Assert.That(url, Does.StartWith("https://"));
            Assert.That(Descriptors.HelpLinkBase, Is.EqualTo(url + "/blob/" + reference + "/docs/rules/"));

            // The same relative path in this repository: what the link names exists.
            string relative = Descriptors.HelpLink("DRIFT001").Substring((url + "/blob/" + reference + "/").Length);
            Assert.That(File.Exists(Repository.File(relative.Split('/'))), Is.True, relative);
        }
    }
}
