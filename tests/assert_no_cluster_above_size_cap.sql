-- No customer holds more records than var idstitch__max_cluster_size: a giant cluster is
-- almost always a junk value or a chain of household links, never one person.
select
    customer_id,
    count(*) as record_count
from {{ ref('customer_records') }}
group by 1
having count(*) > {{ var('idstitch__max_cluster_size') }}
