// The template marketplace: search, category/featured/official filters, sort and cursor paging.
import { useState } from "react";
import { Link } from "wouter";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, LoadMore } from "../../ui/state.tsx";
import { Stars } from "./stars.tsx";
import type { Sort, Template } from "./types.ts";
import "./marketplace.css";

type Flag = "" | "true" | "false";

export function MarketplacePage() {
  const { api } = useAuth();
  const [q, setQ] = useState("");
  const [category, setCategory] = useState("");
  const [featured, setFeatured] = useState<Flag>("");
  const [official, setOfficial] = useState<Flag>("");
  const [sort, setSort] = useState<Sort>("popular");
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.templates.$get({
          query: {
            q: q.trim() || undefined,
            category: category.trim() || undefined,
            featured: featured || undefined,
            official: official || undefined,
            sort,
            cursor,
            limit: "12",
          },
        }),
      ),
    [api, q, category, featured, official, sort],
  );
  const filtered = Boolean(q || category || featured || official);

  return (
    <>
      <PageHeader title="Marketplace">
        <p className="muted">Templates to install as connectors of your workspace.</p>
      </PageHeader>
      <search className="filters">
        <label>
          Search
          <input
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            placeholder="Name, description or category"
          />
        </label>
        <label>
          Category
          <input
            type="text"
            value={category}
            onChange={(event) => setCategory(event.target.value)}
            placeholder="e.g. crm"
          />
        </label>
        <label>
          Featured
          <select value={featured} onChange={(event) => setFeatured(event.target.value as Flag)}>
            <option value="">Any</option>
            <option value="true">Featured only</option>
            <option value="false">Not featured</option>
          </select>
        </label>
        <label>
          Source
          <select value={official} onChange={(event) => setOfficial(event.target.value as Flag)}>
            <option value="">Any</option>
            <option value="true">Official</option>
            <option value="false">Community</option>
          </select>
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="popular">Most installed</option>
            <option value="rating">Best rated</option>
            <option value="newest">Newest</option>
          </select>
        </label>
      </search>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{filtered ? "No template matches." : "No templates yet."}</Empty>
      ) : (
        <ul className="cards" aria-label="Templates">
          {list.items.map((template) => (
            <TemplateCard key={template.id} template={template} />
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </>
  );
}

function TemplateCard({ template }: { template: Template }) {
  return (
    <li data-testid="template-card">
      <h2>
        <Link href={`/marketplace/${template.id}`}>{template.name}</Link>
      </h2>
      <div className="marks">
        {template.category && <span className="badge muted">{template.category}</span>}
        {template.isOfficial ? (
          <span className="badge info">Official</span>
        ) : (
          <span className="badge muted">Community</span>
        )}
        {template.isFeatured && <span className="badge good">Featured</span>}
        {template.review !== "approved" && <span className="badge warn">{template.review}</span>}
      </div>
      {template.description && <p className="muted">{template.description}</p>}
      <Stars value={template.ratingAvg} count={template.ratingCount} />
      <span>
        {template.installCount} {template.installCount === 1 ? "install" : "installs"}
      </span>
    </li>
  );
}
