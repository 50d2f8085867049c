-- Registry (分类分级监管名录库): enterprises, parks and their tenants. Other modules point here.
-- Further registry tables (risk points, insurance, history …) come in later 01xx migrations.
create table enterprises (
  id uuid primary key,
  credit_code text not null unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  name text not null,
  address text,
  lon double precision,
  lat double precision,
  -- The village/community (or town) the enterprise sits in; scope filters match on this prefix.
  jurisdiction_code text not null references org_units(code),
  industry_code text,
  industry_name text,
  categories text[] not null default '{}',
  headcount integer,
  principal_name text,
  principal_phone text,
  safety_manager_name text,
  safety_manager_phone text,
  risk_grade text check (risk_grade in ('red', 'orange', 'yellow', 'blue')),
  standardization_level text not null default 'none' check (standardization_level in ('level1', 'level2', 'level3', 'none')),
  credit_rating text,
  dishonest_from date,
  dishonest_until date,
  key_unit boolean not null default false,
  supervising_level text not null default 'town' check (supervising_level in ('district', 'town')),
  supervising_dept_code text references org_units(code),
  iot_device_count integer not null default 0,
  status text not null default 'active' check (status in ('active', 'suspended', 'closed')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index enterprises_jurisdiction on enterprises (jurisdiction_code text_pattern_ops);
create index enterprises_name_trgm on enterprises using gin (name gin_trgm_ops);

create table parks (
  id uuid primary key,
  name text not null,
  kind text not null default 'micro' check (kind in ('micro', 'industrial')),
  address text,
  lon double precision,
  lat double precision,
  jurisdiction_code text not null references org_units(code),
  -- The landlord (出租方) is itself an enterprise.
  landlord_id uuid references enterprises(id),
  safety_staff_count integer not null default 0,
  standardized boolean not null default false,
  standardized_at date,
  insured boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index parks_jurisdiction on parks (jurisdiction_code text_pattern_ops);

-- Tenancy: 一厂多租 / 厂中厂 / 园中园, with the safety-management agreement per tenant.
create table park_tenants (
  park_id uuid not null references parks(id),
  enterprise_id uuid not null references enterprises(id),
  relation text not null default 'multi_tenant' check (relation in ('multi_tenant', 'factory_in_factory', 'park_in_park')),
  agreement_signed boolean not null default false,
  agreement_signed_at date,
  agreement_expires_at date,
  agreement_file_id uuid,
  moved_in_at date,
  moved_out_at date,
  primary key (park_id, enterprise_id)
);
create index park_tenants_enterprise on park_tenants (enterprise_id);
