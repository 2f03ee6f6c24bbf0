using DriftAnalyzers.TypeMapping;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.TypeMapping
{
    /// <summary>
    /// What the model states against what PostgreSQL renders (the right-hand sides are PostgreSQL 16's pg_get_expr and
    /// pg_get_constraintdef output for the left-hand sides): equal where PostgreSQL only adds parentheses, casts or case;
    /// unknown (never "different") where it may rewrite.
    /// </summary>
    public sealed class SqlExpressionTests
    {
        [TestCase("\"Level\" >= 0 AND \"Level\" <= 5", "CHECK (((\"Level\" >= 0) AND (\"Level\" <= 5)))")]
        [TestCase("\"Quantity\" > 0", "CHECK ((\"Quantity\" > 0))")]
        [TestCase("\"Quantity\" * \"UnitPrice\"", "((\"Quantity\")::numeric * \"UnitPrice\")")]
        [TestCase("\"Reference\" <> ''", "(\"Reference\" <> ''::text)")]
        [TestCase("\"Reference\" != ''", "(\"Reference\" <> ''::text)")]
        [TestCase("price > -1", "(price > '-1'::integer)")]
        [TestCase("\"Price\" >= 0.0", "(\"Price\" >= 0.0)")]
        [TestCase("\"Price\" >= 0", "(\"Price\" >= (0)::numeric)")]
        [TestCase("now()", "now()")]
        [TestCase("CURRENT_TIMESTAMP", "now()")]
        [TestCase("\"Deleted\" IS NULL", "(\"Deleted\" IS NULL)")]
        [TestCase("\"Code\" <> 'x'", "((\"Code\")::text <> 'x'::text)")]
        [TestCase("\"At\" > '2020-01-01'", "(\"At\" > '2020-01-01 00:00:00'::timestamp without time zone)")]
        public void Renderings_of_one_expression_are_not_known_to_differ(string model, string database)
        {
            Assert.That(SqlExpression.KnownToDiffer(model, database), Is.False);
        }

        [TestCase("\"Level\" >= 0 AND \"Level\" <= 5", "CHECK (((\"Level\" >= 0) AND (\"Level\" <= 6)))")]
        [TestCase("\"Quantity\" > 0", "CHECK ((\"Quantity\" >= 0))")]
        [TestCase("\"Quantity\" * \"UnitPrice\"", "(((\"Quantity\")::numeric * \"UnitPrice\") * (2)::numeric)")]
        [TestCase("\"Status\" = 'a'", "(\"Status\" = 'b'::text)")]
        [TestCase("\"Level\" > 0", "(level > 0)")]
        public void Different_expressions_are_known_to_differ(string model, string database)
        {
            Assert.That(SqlExpression.KnownToDiffer(model, database), Is.True);
        }

        [TestCase("length(\"Reference\") > 3", "CHECK ((length(\"Reference\") > 3))")]
        [TestCase("\"Status\" IN ('a', 'b')", "CHECK ((\"Status\" = ANY (ARRAY['a'::text, 'b'::text])))")]
        [TestCase("\"Level\" BETWEEN 0 AND 5", "CHECK (((\"Level\" >= 0) AND (\"Level\" <= 5)))")]
        [TestCase("nextval('order_numbers')", "nextval('public.order_numbers'::regclass)")]
        [TestCase("\"Name\" LIKE 'a%'", "((\"Name\")::text ~~ 'a%'::text)")]
        public void What_PostgreSQL_may_rewrite_is_not_known_to_differ(string model, string database)
        {
            Assert.That(SqlExpression.KnownToDiffer(model, database), Is.False);
        }

        [TestCase("'active'::text", "active")]
        [TestCase("'it''s'::character varying", "it's")]
        [TestCase("10", 10)]
        [TestCase("'-1'::integer", -1)]
        [TestCase("0.5", 0.5)]
        [TestCase("true", true)]
        public void Literal_defaults_are_read(string database, object expected)
        {
            var value = SqlExpression.Literal(database);
            Assert.That(value is decimal d ? (object)(double)d : value, Is.EqualTo(expected is int i ? (double)i : expected));
        }

        [Test]
        public void Every_prefix_and_mangling_of_the_cases_is_read_without_throwing()
        {
            var inputs = new[]
            {
                "CHECK (((\"Level\" >= 0) AND (\"Level\" <= 5)))", "((\"Quantity\")::numeric * \"UnitPrice\")", "'it''s'::character varying(20)[]",
                "'-1'::integer", "nextval('public.\"Warehouses_Id_seq\"'::regclass)", "(now() AT TIME ZONE 'utc'::text)", "x::\"my type\".\"t\"", "::", "'", "\"", "CHECK ",
            };
            foreach (string input in inputs)
            {
                for (int length = 0; length <= input.Length; length++)
                {
                    string prefix = input.Substring(0, length);
                    Assert.DoesNotThrow(() => SqlExpression.Normalize(prefix), prefix);
                    Assert.DoesNotThrow(() => SqlExpression.Literal(prefix, anyType: true), prefix);
                    Assert.DoesNotThrow(() => SqlExpression.IsZeroDefault(prefix), prefix);
                    Assert.DoesNotThrow(() => SqlExpression.SameValue(1, prefix), prefix);
                    string suffix = input.Substring(length);
                    Assert.DoesNotThrow(() => SqlExpression.Normalize(suffix), suffix);
                }
            }
        }

        [TestCase("0", true)]
        [TestCase("''::text", true)]
        [TestCase("false", true)]
        [TestCase("'-infinity'::timestamp with time zone", true)]
        [TestCase("'0001-01-01 00:00:00'::timestamp without time zone", true)]
        [TestCase("'00000000-0000-0000-0000-000000000000'::uuid", true)]
        [TestCase("0.0", true)]
        [TestCase("1", false)]
        [TestCase("'anonymous'::text", false)]
        [TestCase("now()", false)]
        public void Zero_defaults_are_those_EF_Core_gives_added_columns(string database, bool zero)
        {
            Assert.That(SqlExpression.IsZeroDefault(database), Is.EqualTo(zero));
        }
    }
}
