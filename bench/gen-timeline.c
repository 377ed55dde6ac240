/* gen-timeline.c — prints a deterministic synthetic timeline graph in dealgraph's DOT input format. */

/*
 * Usage: gen-timeline [--parties N] [--ties M] [--stages S] [--seed K] > out.gv
 *
 * The output is an input dealgraph must accept without errors or warnings:
 * parties of every kind, some of which appear late or leave early; ties of
 * every kind with values plausible for the kind, each active only while both
 * of its parties are; some ties continued at a later stage by another with a
 * new value or new terms (the changes a timeline shows); a few clusters,
 * some nested. The same arguments always print the same bytes: all
 * randomness comes from one GRand seeded with --seed, and numbers are
 * formatted from integers, so neither the platform nor the locale matters.
 *
 * --stages 0 prints a static graph: no timeline, no from/until.
 *
 * Exit status: 0 on success, 64 (EX_USAGE) for bad arguments, 74 (EX_IOERR)
 * when stdout cannot be written.
 */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 64
#define EXIT_IOERR 74

/* The loader's default limits (DG_LOAD_OPTIONS_INIT): output beyond them
 * would only be rejected. */
#define MAX_PARTIES 100000
#define MAX_TIES 500000
#define MAX_STAGES 1000

typedef enum {
  KIND_COMPANY,
  KIND_LAB,
  KIND_CLOUD,
  KIND_PRODUCT,
  KIND_INVESTOR,
  KIND_CUSTOMER,
  N_PARTY_KINDS
} PartyKind;

static const char *const party_kind_names[N_PARTY_KINDS] = {
  "company", "lab", "cloud", "product", "investor", "customer",
};

/* How common each party kind is, in percent. */
static const int party_kind_weights[N_PARTY_KINDS] = { 30, 14, 8, 20, 15, 13 };

typedef enum {
  TIE_STAKE,
  TIE_INVESTMENT,
  TIE_LICENSE,
  TIE_REVENUE_SHARE,
  TIE_CHANNEL,
  TIE_PARTNERSHIP,
  TIE_OWNS,
  N_TIE_KINDS
} TieKind;

static const char *const tie_kind_names[N_TIE_KINDS] = {
  "stake", "investment", "license", "revenue_share", "channel", "partnership", "owns",
};

static const int tie_kind_weights[N_TIE_KINDS] = { 16, 20, 16, 10, 20, 10, 8 };

#define BIT(k) (1u << (k))

/* Which kinds of party a tie of each kind plausibly runs from and to, in the
 * direction of flow the input contract sets (money payer → payee, rights
 * licensor → licensee, products supplier → customer, holder → held). */
static const struct {
  unsigned tails;
  unsigned heads;
} tie_ends[N_TIE_KINDS] = {
  [TIE_STAKE] = { BIT (KIND_INVESTOR) | BIT (KIND_COMPANY),
                  BIT (KIND_COMPANY) | BIT (KIND_LAB) },
  [TIE_INVESTMENT] = { BIT (KIND_INVESTOR) | BIT (KIND_COMPANY) | BIT (KIND_CLOUD),
                       BIT (KIND_LAB) | BIT (KIND_COMPANY) },
  [TIE_LICENSE] = { BIT (KIND_LAB) | BIT (KIND_COMPANY),
                    BIT (KIND_COMPANY) | BIT (KIND_CLOUD) | BIT (KIND_PRODUCT) },
  [TIE_REVENUE_SHARE] = { BIT (KIND_COMPANY) | BIT (KIND_CLOUD) | BIT (KIND_PRODUCT),
                          BIT (KIND_LAB) | BIT (KIND_COMPANY) },
  [TIE_CHANNEL] = { BIT (KIND_LAB) | BIT (KIND_PRODUCT) | BIT (KIND_CLOUD),
                    BIT (KIND_CLOUD) | BIT (KIND_CUSTOMER) | BIT (KIND_PRODUCT) },
  [TIE_PARTNERSHIP] = { BIT (KIND_COMPANY) | BIT (KIND_LAB) | BIT (KIND_CLOUD),
                        BIT (KIND_COMPANY) | BIT (KIND_LAB) | BIT (KIND_CLOUD) },
  [TIE_OWNS] = { BIT (KIND_COMPANY) | BIT (KIND_INVESTOR),
                 BIT (KIND_PRODUCT) | BIT (KIND_CLOUD) | BIT (KIND_COMPANY) },
};

static const char *const name_starts[] = {
  "Nor", "Vel", "Quan", "Ar", "Lum", "Cor", "Zen", "Ori", "Tal", "Bri", "Sol",
  "Kes", "Mar", "Hal", "Ver", "Dun", "Ely", "Fen", "Gal", "Ister", "Jor",
  "Kal", "Lor", "Mon", "Nex", "Ober", "Pel", "Rav", "Sar", "Tor", "Ul", "Wes",
};

static const char *const name_ends[] = {
  "vex", "ora", "tis", "wyn", "ica", "dell", "ant", "ion", "ara", "mont",
  "ex", "ium", "elle", "worth", "ia", "on", "ix", "ane", "ford", "is",
};

/* Words after the name, by party kind. */
static const char *const company_suffixes[] = { "Corp", "Inc", "Group", "Holdings", "Systems", "Industries" };
static const char *const lab_suffixes[] = { "Labs", "AI", "Research", "Intelligence" };
static const char *const cloud_suffixes[] = { "Cloud", "Compute", "Cloud Services", "Data Centers" };
static const char *const product_suffixes[] = { "Studio", "Assistant", "Engine", "Copilot", "Platform", "Search" };
static const char *const investor_suffixes[] = { "Capital", "Ventures", "Partners", "Fund" };
static const char *const customer_suffixes[] = { "Bank", "Retail", "Health", "Logistics", "Insurance", "Airlines" };

static const struct {
  const char *const *words;
  guint n;
} suffixes[N_PARTY_KINDS] = {
  [KIND_COMPANY] = { company_suffixes, G_N_ELEMENTS (company_suffixes) },
  [KIND_LAB] = { lab_suffixes, G_N_ELEMENTS (lab_suffixes) },
  [KIND_CLOUD] = { cloud_suffixes, G_N_ELEMENTS (cloud_suffixes) },
  [KIND_PRODUCT] = { product_suffixes, G_N_ELEMENTS (product_suffixes) },
  [KIND_INVESTOR] = { investor_suffixes, G_N_ELEMENTS (investor_suffixes) },
  [KIND_CUSTOMER] = { customer_suffixes, G_N_ELEMENTS (customer_suffixes) },
};

static const char *const quarter_names[] = { "Q1", "Q2", "Q3", "Q4" };

typedef struct {
  PartyKind kind;
  char *label;
  guint from;   /* stage index, inclusive */
  guint until;  /* stage index, exclusive; n_stages = to the end */
  int group;    /* index into the groups, or -1 */
} Party;

typedef struct {
  char *label;
  int parent;   /* index of the enclosing group, or -1 */
} Group;

typedef struct {
  GRand *rand;
  guint n_stages;   /* 0 for a static graph */
  guint span;       /* stages an interval may cover: n_stages, or 1 when static */
  Party *parties;
  guint n_parties;
  GArray *by_kind[N_PARTY_KINDS]; /* party indices of each kind */
  GArray *full_span;              /* parties present at every stage */
  Group *groups;
  guint n_groups;
} Gen;

/* Returns a uniformly random integer in [lo, hi]; requires lo <= hi. */
static guint
pick (Gen *gen, guint lo, guint hi)
{
  return (guint) g_rand_int_range (gen->rand, (gint32) lo, (gint32) hi + 1);
}

/* TRUE with probability @percent / 100. */
static gboolean
chance (Gen *gen, guint percent)
{
  return pick (gen, 0, 99) < percent;
}

/* Returns an index drawn with the given weights (which need not sum to 100). */
static guint
pick_weighted (Gen *gen, const int *weights, guint n)
{
  int total = 0;
  for (guint i = 0; i < n; i++)
    total += weights[i];
  int r = (int) pick (gen, 0, (guint) total - 1);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

static const char *
pick_word (Gen *gen, const char *const *words, guint n)
{
  return words[pick (gen, 0, n - 1)];
}

#define PICK_WORD(gen, array) pick_word ((gen), (array), G_N_ELEMENTS (array))

/* Writes @text as a DOT quoted string. The generated text never needs
 * escaping, but the escape keeps the output valid if the word lists change. */
static void
put_quoted (const char *text)
{
  putchar ('"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        putchar ('\\');
      putchar (*p);
    }
  putchar ('"');
}

static char *
make_name (Gen *gen)
{
  return g_strconcat (PICK_WORD (gen, name_starts), PICK_WORD (gen, name_ends), NULL);
}

/* A random interval inside [from, until), which must be non-empty: the whole
 * of it more often than not, since most facts hold for as long as their
 * parties exist. */
static void
pick_sub_interval (Gen *gen, guint from, guint until, guint *out_from, guint *out_until)
{
  *out_from = from;
  *out_until = until;
  if (until - from < 2 || chance (gen, 55))
    return;
  guint a = pick (gen, from, until - 1);
  guint b = pick (gen, a + 1, until);
  *out_from = a;
  *out_until = b;
}

static void
make_parties (Gen *gen)
{
  for (guint k = 0; k < N_PARTY_KINDS; k++)
    gen->by_kind[k] = g_array_new (FALSE, FALSE, sizeof (guint));
  gen->full_span = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < gen->n_parties; i++)
    {
      Party *p = &gen->parties[i];
      p->kind = (PartyKind) pick_weighted (gen, party_kind_weights, N_PARTY_KINDS);
      g_autofree char *name = make_name (gen);
      p->label = g_strdup_printf ("%s %s", name,
                                  pick_word (gen, suffixes[p->kind].words, suffixes[p->kind].n));
      p->group = -1;

      /* The first two parties always span the whole timeline, so every tie
       * has a pair of parties it can join (see pick_ends()). */
      p->from = 0;
      p->until = gen->span;
      if (i >= 2 && gen->span >= 2 && chance (gen, 35))
        {
          guint shape = pick (gen, 0, 99);
          if (shape < 50)      /* appears later */
            p->from = pick (gen, 1, gen->span - 1);
          else if (shape < 85) /* leaves earlier */
            p->until = pick (gen, 1, gen->span - 1);
          else                 /* both */
            {
              p->from = pick (gen, 0, gen->span - 1);
              p->until = pick (gen, p->from + 1, gen->span);
            }
        }
      g_array_append_val (gen->by_kind[p->kind], i);
      if (p->from == 0 && p->until == gen->span)
        g_array_append_val (gen->full_span, i);
    }
}

/* Corporate groups: a few clusters, each named after a company, holding some
 * of the companies, clouds and products; about one in five sits inside an
 * earlier group, so clusters nest. */
static void
make_groups (Gen *gen)
{
  gen->n_groups = gen->n_parties >= 12 ? MAX (1u, gen->n_parties / 40) : 0;
  gen->n_groups = MIN (gen->n_groups, 200u);
  gen->groups = g_new0 (Group, gen->n_groups);
  for (guint g = 0; g < gen->n_groups; g++)
    {
      g_autofree char *name = make_name (gen);
      gen->groups[g].label = g_strdup_printf ("%s group", name);
      gen->groups[g].parent = g > 0 && chance (gen, 20) ? (int) pick (gen, 0, g - 1) : -1;
    }
  if (gen->n_groups == 0)
    return;
  for (guint i = 0; i < gen->n_parties; i++)
    {
      Party *p = &gen->parties[i];
      guint percent = p->kind == KIND_PRODUCT || p->kind == KIND_CLOUD ? 60
                      : p->kind == KIND_COMPANY ? 20 : 0;
      if (chance (gen, percent))
        p->group = (int) pick (gen, 0, gen->n_groups - 1);
    }
}

static gboolean
overlaps (const Party *a, const Party *b)
{
  return MAX (a->from, b->from) < MIN (a->until, b->until);
}

/* A random party whose kind is in @kinds, or any party when there is none. */
static guint
pick_party_of (Gen *gen, unsigned kinds)
{
  guint n = 0;
  for (guint k = 0; k < N_PARTY_KINDS; k++)
    if (kinds & BIT (k))
      n += gen->by_kind[k]->len;
  if (n == 0)
    return pick (gen, 0, gen->n_parties - 1);
  guint r = pick (gen, 0, n - 1);
  for (guint k = 0; k < N_PARTY_KINDS; k++)
    {
      if (!(kinds & BIT (k)))
        continue;
      if (r < gen->by_kind[k]->len)
        return g_array_index (gen->by_kind[k], guint, r);
      r -= gen->by_kind[k]->len;
    }
  g_assert_not_reached ();
}

/* Chooses two distinct parties for a tie of @kind that are both present at
 * some stage. Plausible kinds are tried first; failing that, the tail is
 * joined to a party that spans the whole timeline, which always overlaps. */
static void
pick_ends (Gen *gen, TieKind kind, guint *tail, guint *head)
{
  for (int attempt = 0; attempt < 30; attempt++)
    {
      guint t = pick_party_of (gen, tie_ends[kind].tails);
      guint h = pick_party_of (gen, tie_ends[kind].heads);
      if (t != h && overlaps (&gen->parties[t], &gen->parties[h]))
        {
          *tail = t;
          *head = h;
          return;
        }
    }
  guint t = pick (gen, 0, gen->n_parties - 1);
  guint h;
  do
    h = g_array_index (gen->full_span, guint, pick (gen, 0, gen->full_span->len - 1));
  while (h == t);
  *tail = t;
  *head = h;
}

/* An amount of money in the style of the press: "$300M", "$7.5B", "€40M".
 * Large amounts are rarer than small ones. */
static char *
make_money (Gen *gen, gboolean allow_qualifier)
{
  static const char *const currencies[] = { "$", "$", "$", "$", "$", "€", "£" };
  const char *currency = PICK_WORD (gen, currencies);
  const char *qualifier = "";
  if (allow_qualifier)
    {
      guint q = pick (gen, 0, 99);
      qualifier = q < 10 ? "up to " : q < 16 ? "about " : q < 20 ? "at least " : "";
    }
  guint scale = pick (gen, 0, 99);
  if (scale < 10)
    return g_strdup_printf ("%s%s%uK", qualifier, currency, pick (gen, 1, 99) * 50);
  if (scale < 75)
    return g_strdup_printf ("%s%s%uM", qualifier, currency, pick (gen, 1, 199) * 5);
  guint tenths = pick (gen, 10, 500); /* $1B … $50B */
  if (tenths % 10 == 0 || chance (gen, 60))
    return g_strdup_printf ("%s%s%uB", qualifier, currency, (tenths + 5) / 10);
  return g_strdup_printf ("%s%s%u.%uB", qualifier, currency, tenths / 10, tenths % 10);
}

static char *
make_percent (Gen *gen, guint lo, guint hi)
{
  return g_strdup_printf ("%s%u%%", chance (gen, 20) ? "about " : "", pick (gen, lo, hi));
}

/* A value plausible for a tie of @kind, or NULL for none. */
static char *
make_value (Gen *gen, TieKind kind)
{
  switch (kind)
    {
    case TIE_STAKE:
      return chance (gen, 85) ? make_percent (gen, 1, 49) : make_percent (gen, 51, 100);
    case TIE_INVESTMENT:
      return chance (gen, 90) ? make_money (gen, TRUE) : NULL;
    case TIE_LICENSE:
      return chance (gen, 40) ? make_money (gen, FALSE) : NULL;
    case TIE_REVENUE_SHARE:
      return chance (gen, 80) ? make_percent (gen, 5, 30) : NULL;
    case TIE_CHANNEL:
      return chance (gen, 35) ? g_strdup_printf ("%u", pick (gen, 1, 500) * 100) : NULL;
    case TIE_OWNS:
      return chance (gen, 30) ? g_strdup ("100%") : NULL;
    case TIE_PARTNERSHIP:
    case N_TIE_KINDS:
      break;
    }
  return NULL;
}

/* Terms plausible for a tie of @kind, or NULL for none. */
static const char *
make_terms (Gen *gen, TieKind kind)
{
  static const char *const license_terms[] = {
    "exclusive", "nonexclusive", "nonexclusive, perpetual", "exclusive, capped", "royalty-free",
  };
  static const char *const channel_terms[] = { "primary", "exclusive", "nonexclusive", "preferred" };
  static const char *const investment_terms[] = { "convertible", "staged", "compute credits" };
  static const char *const partnership_terms[] = { "joint research", "co-marketing", "nonexclusive" };

  switch (kind)
    {
    case TIE_LICENSE:
      return chance (gen, 80) ? PICK_WORD (gen, license_terms) : NULL;
    case TIE_CHANNEL:
      return chance (gen, 50) ? PICK_WORD (gen, channel_terms) : NULL;
    case TIE_INVESTMENT:
      return chance (gen, 25) ? PICK_WORD (gen, investment_terms) : NULL;
    case TIE_PARTNERSHIP:
      return chance (gen, 50) ? PICK_WORD (gen, partnership_terms) : NULL;
    case TIE_REVENUE_SHARE:
      return chance (gen, 40) ? "capped" : NULL;
    case TIE_STAKE:
      return chance (gen, 10) ? "preferred" : NULL;
    case TIE_OWNS:
    case N_TIE_KINDS:
      break;
    }
  return NULL;
}

static void
put_interval (const Gen *gen, guint from, guint until)
{
  if (gen->n_stages == 0)
    return;
  if (from > 0)
    printf (", from = s%u", from + 1);
  if (until < gen->n_stages)
    printf (", until = s%u", until + 1);
}

static void
put_tie (const Gen *gen, guint tail, guint head, TieKind kind, const char *value,
         const char *terms, guint from, guint until, const char *note)
{
  printf ("  p%u -> p%u [kind = %s", tail + 1, head + 1, tie_kind_names[kind]);
  if (value != NULL)
    {
      fputs (", value = ", stdout);
      put_quoted (value);
    }
  if (terms != NULL)
    {
      fputs (", terms = ", stdout);
      put_quoted (terms);
    }
  put_interval (gen, from, until);
  if (note != NULL)
    {
      fputs (", note = ", stdout);
      put_quoted (note);
    }
  fputs ("];\n", stdout);
}

/* Prints @n_ties ties. About one in eight is split at a stage into two ties
 * of the same kind and endpoints with different values or terms, which is
 * how the input says that terms changed. */
static void
put_ties (Gen *gen, guint n_ties)
{
  guint written = 0;
  while (written < n_ties)
    {
      TieKind kind = (TieKind) pick_weighted (gen, tie_kind_weights, N_TIE_KINDS);
      guint tail, head;
      pick_ends (gen, kind, &tail, &head);
      const Party *t = &gen->parties[tail];
      const Party *h = &gen->parties[head];
      guint from, until;
      pick_sub_interval (gen, MAX (t->from, h->from), MIN (t->until, h->until), &from, &until);

      g_autofree char *value = make_value (gen, kind);
      const char *terms = make_terms (gen, kind);
      const char *note = chance (gen, 5) ? "Terms not disclosed" : NULL;

      if (n_ties - written >= 2 && until - from >= 2 && chance (gen, 12))
        {
          guint cut = pick (gen, from + 1, until - 1);
          g_autofree char *later_value = make_value (gen, kind);
          const char *later_terms = make_terms (gen, kind);
          /* Make sure the second tie differs, or it would not read as a change. */
          if (g_strcmp0 (value, later_value) == 0 && g_strcmp0 (terms, later_terms) == 0)
            later_terms = terms == NULL ? "renegotiated" : NULL;
          put_tie (gen, tail, head, kind, value, terms, from, cut, note);
          put_tie (gen, tail, head, kind, later_value, later_terms, cut, until, NULL);
          written += 2;
        }
      else
        {
          put_tie (gen, tail, head, kind, value, terms, from, until, note);
          written++;
        }
    }
}

static void
put_timeline (const Gen *gen)
{
  if (gen->n_stages == 0)
    return;
  fputs ("  subgraph timeline {\n", stdout);
  for (guint s = 0; s < gen->n_stages; s++)
    {
      /* Quarterly stages from 2018 on; every tenth stage carries only its
       * year, as a report that knows no more would. */
      guint year = 2018 + s / 4;
      guint quarter = s % 4;
      if (s % 10 == 9)
        printf ("    s%u [label = \"%u\", date = \"%u\"];\n", s + 1, year, year);
      else
        printf ("    s%u [label = \"%s %u\", date = \"%u-%02u\"];\n",
                s + 1, quarter_names[quarter], year, year, quarter * 3 + 3);
    }
  /* A single stage needs no chain: it is a chain of one. */
  if (gen->n_stages > 1)
    {
      fputs ("    s1", stdout);
      for (guint s = 1; s < gen->n_stages; s++)
        printf ("%s-> s%u", s % 12 == 0 ? "\n      " : " ", s + 1);
      fputs (";\n", stdout);
    }
  fputs ("  }\n\n", stdout);
}

static void
put_party (const Gen *gen, guint i, const char *indent)
{
  const Party *p = &gen->parties[i];
  printf ("%sp%u [kind = %s, label = ", indent, i + 1, party_kind_names[p->kind]);
  put_quoted (p->label);
  put_interval (gen, p->from, p->until);
  fputs ("];\n", stdout);
}

/* Prints group @g with its parties and, recursively, the groups inside it. */
static void
put_group (const Gen *gen, guint g, guint depth)
{
  g_autofree char *indent = g_strnfill (2 * depth, ' ');
  g_autofree char *inner = g_strnfill (2 * depth + 2, ' ');
  printf ("%ssubgraph cluster_g%u {\n%slabel = ", indent, g + 1, inner);
  put_quoted (gen->groups[g].label);
  fputs (";\n", stdout);
  for (guint i = 0; i < gen->n_parties; i++)
    if (gen->parties[i].group == (int) g)
      put_party (gen, i, inner);
  for (guint c = g + 1; c < gen->n_groups; c++)
    if (gen->groups[c].parent == (int) g)
      put_group (gen, c, depth + 1);
  printf ("%s}\n", indent);
}

static void
put_graph (Gen *gen, guint n_ties, guint32 seed, const char *command)
{
  printf ("// Synthetic deal timeline: %s\n"
          "// Generated by bench/gen-timeline.c; the parties are invented.\n"
          "digraph synthetic {\n"
          "  label = \"Synthetic deal timeline (seed %" G_GUINT32_FORMAT ")\";\n"
          "  source = \"gen-timeline: synthetic data\";\n\n",
          command, seed);
  put_timeline (gen);
  for (guint g = 0; g < gen->n_groups; g++)
    if (gen->groups[g].parent < 0)
      put_group (gen, g, 1);
  for (guint i = 0; i < gen->n_parties; i++)
    if (gen->parties[i].group < 0)
      put_party (gen, i, "  ");
  putchar ('\n');
  put_ties (gen, n_ties);
  fputs ("}\n", stdout);
}

int
main (int argc, char **argv)
{
  gint n_parties = 100, n_ties = 200, n_stages = 8;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "parties", 'p', 0, G_OPTION_ARG_INT, &n_parties, "Number of parties (2 or more when there are ties)", "N" },
    { "ties", 't', 0, G_OPTION_ARG_INT, &n_ties, "Number of ties", "M" },
    { "stages", 's', 0, G_OPTION_ARG_INT, &n_stages, "Number of stages; 0 for a static graph", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the random choices", "K" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— print a synthetic dealgraph timeline");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gen-timeline: %s\n", error->message);
      return EXIT_USAGE;
    }
  const char *problem = NULL;
  if (argc > 1)
    problem = "unexpected argument";
  else if (n_parties < 0 || n_parties > MAX_PARTIES)
    problem = "--parties must be between 0 and 100000";
  else if (n_ties < 0 || n_ties > MAX_TIES)
    problem = "--ties must be between 0 and 500000";
  else if (n_stages < 0 || n_stages > MAX_STAGES)
    problem = "--stages must be between 0 and 1000";
  else if (n_ties > 0 && n_parties < 2)
    problem = "ties need at least 2 parties";
  else if (seed < 0 || seed > G_MAXUINT32)
    problem = "--seed must be between 0 and 4294967295";
  if (problem != NULL)
    {
      fprintf (stderr, "gen-timeline: %s\n", problem);
      return EXIT_USAGE;
    }

  Gen gen = { 0 };
  gen.rand = g_rand_new_with_seed ((guint32) seed);
  gen.n_stages = (guint) n_stages;
  gen.span = MAX (gen.n_stages, 1u);
  gen.n_parties = (guint) n_parties;
  gen.parties = g_new0 (Party, gen.n_parties);
  make_parties (&gen);
  make_groups (&gen);

  g_autofree char *command = g_strdup_printf ("gen-timeline --parties %d --ties %d --stages %d --seed %" G_GINT64_FORMAT,
                                              n_parties, n_ties, n_stages, seed);
  put_graph (&gen, (guint) n_ties, (guint32) seed, command);

  int status = EXIT_SUCCESS;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      perror ("gen-timeline: writing the graph");
      status = EXIT_IOERR;
    }

  for (guint i = 0; i < gen.n_parties; i++)
    g_free (gen.parties[i].label);
  g_free (gen.parties);
  for (guint g = 0; g < gen.n_groups; g++)
    g_free (gen.groups[g].label);
  g_free (gen.groups);
  for (guint k = 0; k < N_PARTY_KINDS; k++)
    g_array_unref (gen.by_kind[k]);
  g_array_unref (gen.full_span);
  g_rand_free (gen.rand);
  return status;
}
